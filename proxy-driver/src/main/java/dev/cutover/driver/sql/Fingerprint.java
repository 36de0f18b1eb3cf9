package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.COMMA;
import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.SEMICOLON;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.WORD;

/** Builds the normalised text that identifies statements of the same shape. */
final class Fingerprint {
  private Fingerprint() {}

  /** The fingerprint of a lexed string, with comments already left out by the lexer. */
  static String of(SqlLexer lx) {
    String s = lx.sql;
    StringBuilder out = new StringBuilder(Math.min(s.length(), 4096) + 8);
    int previous = -1;
    for (int t = 0; t < lx.count; t++) {
      int type = lx.types[t];
      if (type == OPERATOR && isSign(lx, t) && t + 1 < lx.count && lx.types[t + 1] == NUMBER) {
        if (previous < 0 || !continuesValue(lx, previous)) {
          continue;
        }
      }
      if (type == LPAREN && previous >= 0 && lx.keywords[previous] == Keywords.IN) {
        int close = literalListEnd(lx, t + 1);
        if (close > 0) {
          out.append(" (?+)");
          previous = close;
          t = close;
          continue;
        }
      }
      if (previous >= 0 && spaceBetween(lx, previous, t)) {
        out.append(' ');
      }
      switch (type) {
        case STRING:
        case NUMBER:
        case PARAM:
          out.append('?');
          break;
        case QUOTED_IDENT:
          appendUnquoted(out, s, lx.starts[t], lx.ends[t]);
          break;
        case OPERATOR:
          out.append(s, lx.starts[t], lx.ends[t]);
          break;
        default:
          appendLower(out, s, lx.starts[t], lx.ends[t]);
      }
      previous = t;
    }
    int length = out.length();
    while (length > 0 && (out.charAt(length - 1) == ';' || out.charAt(length - 1) == ' ')) {
      length--;
    }
    out.setLength(length);
    return out.toString();
  }

  private static boolean isSign(SqlLexer lx, int t) {
    return lx.isChar(t, '-') || lx.isChar(t, '+');
  }

  /** True when the token ends a value, so a following {@code -} is a binary minus. */
  private static boolean continuesValue(SqlLexer lx, int t) {
    switch (lx.types[t]) {
      case WORD:
        return !Keywords.reserved(lx.keywords[t]);
      case QUOTED_IDENT:
      case STRING:
      case NUMBER:
      case PARAM:
      case RPAREN:
      case SqlLexer.VARIABLE:
        return true;
      default:
        return false;
    }
  }

  /** The index of the {@code )} closing a list of literals starting at {@code t}, or -1. */
  private static int literalListEnd(SqlLexer lx, int t) {
    boolean expectValue = true;
    for (int i = t; i < lx.count; i++) {
      int type = lx.types[i];
      if (expectValue) {
        if (type == OPERATOR && isSign(lx, i) && i + 1 < lx.count && lx.types[i + 1] == NUMBER) {
          i++;
        } else if (type != STRING && type != NUMBER && type != PARAM) {
          return -1;
        }
        expectValue = false;
      } else if (type == COMMA) {
        expectValue = true;
      } else {
        return type == RPAREN ? i : -1;
      }
    }
    return -1;
  }

  private static boolean spaceBetween(SqlLexer lx, int previous, int t) {
    int type = lx.types[t];
    int before = lx.types[previous];
    if (type == COMMA || type == RPAREN || type == DOT || type == SEMICOLON) {
      return false;
    }
    if (before == LPAREN || before == DOT || isCast(lx, previous) || isCast(lx, t)) {
      return false;
    }
    if (type == LPAREN) {
      return before != QUOTED_IDENT
          && !(before == WORD && !Keywords.reserved(lx.keywords[previous]));
    }
    return true;
  }

  private static boolean isCast(SqlLexer lx, int t) {
    return lx.types[t] == OPERATOR
        && lx.ends[t] - lx.starts[t] == 2
        && lx.sql.charAt(lx.starts[t]) == ':'
        && lx.sql.charAt(lx.starts[t] + 1) == ':';
  }

  private static void appendLower(StringBuilder out, String s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      } else if (c >= 0x80) {
        c = Character.toLowerCase(c);
      }
      out.append(c);
    }
  }

  /** Appends a quoted identifier's name, lower-case, without its quotes. */
  static void appendUnquoted(StringBuilder out, String s, int start, int end) {
    char quote = s.charAt(start);
    int last = end - 1;
    if (last <= start || s.charAt(last) != quote) {
      last = end;
    }
    for (int i = start + 1; i < last; i++) {
      char c = s.charAt(i);
      if (c == quote && i + 1 < last && s.charAt(i + 1) == quote) {
        i++;
      }
      out.append(Character.toLowerCase(c));
    }
  }

  /** FNV-1a over the UTF-16 code units, finished with MurmurHash3's 64-bit mix. */
  static long hash(String fingerprint) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < fingerprint.length(); i++) {
      h ^= fingerprint.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
