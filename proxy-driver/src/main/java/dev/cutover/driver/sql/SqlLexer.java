package dev.cutover.driver.sql;

import java.util.Arrays;

/**
 * Splits SQL text into tokens in one pass over its characters.
 *
 * <p>Why hand-written: every statement the application runs goes through here before the primary
 * sees it, so the lexer must cost a few hundred nanoseconds and must never fail. A regex cannot
 * follow the dialect rules that decide where a string or comment ends (MySQL backslash escapes,
 * PostgreSQL nested comments and {@code $tag$} quoting, {@code "} as identifier or string), and a
 * real parser (Calcite) is two orders of magnitude slower and rejects half of legacy SQL. The lexer
 * therefore only finds token boundaries and never judges grammar: anything it does not recognise
 * becomes an operator token, an unterminated string or comment runs to the end, and the analyzer
 * above it works from keywords and parentheses alone.
 *
 * <p>PostgreSQL text is read with {@code standard_conforming_strings} on (the default since 9.1):
 * backslashes are ordinary in {@code '...'} and escapes only in {@code E'...'}. MySQL text is read
 * with backslash escapes on, as without {@code NO_BACKSLASH_ESCAPES}.
 *
 * <p>Tokens are kept as parallel int arrays (type, start, end, flags, keyword id) rather than
 * objects, so a statement costs a handful of array allocations however long it is.
 */
final class SqlLexer {
  static final int WORD = 0;
  static final int QUOTED_IDENT = 1;
  static final int STRING = 2;
  static final int NUMBER = 3;
  static final int PARAM = 4;
  static final int OPERATOR = 5;
  static final int LPAREN = 6;
  static final int RPAREN = 7;
  static final int COMMA = 8;
  static final int SEMICOLON = 9;
  static final int DOT = 10;
  static final int VARIABLE = 11;
  static final int COMMENT = 12;
  static final int EXEC_COMMENT_OPEN = 13;
  static final int EXEC_COMMENT_CLOSE = 14;

  /** String flag: backslash escapes are active inside it. */
  static final int BACKSLASHES = 1;

  /** String flag: a MySQL double-quoted string. */
  static final int DOUBLE_QUOTED = 2;

  /** String flag: a PostgreSQL dollar-quoted string. */
  static final int DOLLAR = 4;

  /** String flag: the token starts with a one-letter prefix such as {@code E} or {@code X}. */
  static final int PREFIXED = 8;

  /** String, identifier or comment flag: the closing delimiter is missing. */
  static final int UNTERMINATED = 16;

  /** Identifier flag: quoted with backticks. */
  static final int BACKTICK = 32;

  /** Comment flag: a MySQL {@code #} comment. */
  static final int HASH = 64;

  /** Comment flag: a block comment. */
  static final int BLOCK = 128;

  final String sql;
  final Dialect dialect;
  final boolean keepComments;
  int count;
  int[] types;
  int[] starts;
  int[] ends;
  int[] flags;
  int[] keywords;

  private SqlLexer(String sql, Dialect dialect, boolean keepComments, int capacity) {
    this.sql = sql;
    this.dialect = dialect;
    this.keepComments = keepComments;
    types = new int[capacity];
    starts = new int[capacity];
    ends = new int[capacity];
    flags = new int[capacity];
    keywords = new int[capacity];
  }

  /** Tokenizes {@code sql}; comments become tokens only when {@code keepComments}. */
  static SqlLexer lex(String sql, Dialect dialect, boolean keepComments) {
    SqlLexer lexer = new SqlLexer(sql, dialect, keepComments, Math.max(16, sql.length() / 4));
    lexer.run();
    return lexer;
  }

  /** The token's text. */
  String text(int token) {
    return sql.substring(starts[token], ends[token]);
  }

  /** Whether token {@code t} is the unquoted word {@code word}, in any case; false out of range. */
  boolean isWord(int t, String word) {
    return t >= 0
        && t < count
        && types[t] == WORD
        && ends[t] - starts[t] == word.length()
        && sql.regionMatches(true, starts[t], word, 0, word.length());
  }

  /** The parenthesis closing the one at {@code open}, or -1 when none does before {@code to}. */
  int closing(int open, int to) {
    int depth = 0;
    for (int t = open; t < to; t++) {
      if (types[t] == LPAREN) {
        depth++;
      } else if (types[t] == RPAREN && --depth == 0) {
        return t;
      }
    }
    return -1;
  }

  /** True when the token is the single character {@code c}. */
  boolean isChar(int token, char c) {
    return token < count && ends[token] - starts[token] == 1 && sql.charAt(starts[token]) == c;
  }

  private void add(int type, int start, int end, int flag) {
    if (count == types.length) {
      int capacity = count * 2;
      types = Arrays.copyOf(types, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      flags = Arrays.copyOf(flags, capacity);
      keywords = Arrays.copyOf(keywords, capacity);
    }
    types[count] = type;
    starts[count] = start;
    ends[count] = end;
    flags[count] = flag;
    keywords[count] = type == WORD ? Keywords.lookup(sql, start, end) : Keywords.NONE;
    count++;
  }

  private void run() {
    String s = sql;
    int n = s.length();
    boolean mysql = dialect == Dialect.MYSQL;
    boolean postgres = dialect == Dialect.POSTGRES;
    boolean inExecutableComment = false;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c <= ' ') {
        i++;
        continue;
      }
      int start = i;
      switch (c) {
        case '\'':
          i = string(start, i + 1, '\'', mysql ? BACKSLASHES : 0);
          break;
        case '"':
          if (mysql) {
            i = string(start, i + 1, '"', BACKSLASHES | DOUBLE_QUOTED);
          } else {
            i = quotedIdentifier(start, '"', 0);
          }
          break;
        case '`':
          i = quotedIdentifier(start, '`', BACKTICK);
          break;
        case '(':
          add(LPAREN, start, ++i, 0);
          break;
        case ')':
          add(RPAREN, start, ++i, 0);
          break;
        case ',':
          add(COMMA, start, ++i, 0);
          break;
        case ';':
          add(SEMICOLON, start, ++i, 0);
          break;
        case '?':
          add(PARAM, start, ++i, 0);
          break;
        case '.':
          if (i + 1 < n && isDigit(s.charAt(i + 1)) && !followsName(start)) {
            i = number(start);
          } else {
            add(DOT, start, ++i, 0);
          }
          break;
        case '-':
          if (i + 1 < n
              && s.charAt(i + 1) == '-'
              && (!mysql || i + 2 >= n || s.charAt(i + 2) <= ' ')) {
            i = lineComment(start, 0);
          } else {
            i = operator(start);
          }
          break;
        case '#':
          if (mysql) {
            i = lineComment(start, HASH);
          } else {
            i = operator(start);
          }
          break;
        case '/':
          if (i + 1 < n && s.charAt(i + 1) == '*') {
            if (mysql && i + 2 < n && s.charAt(i + 2) == '!') {
              i += 3;
              while (i < n && isDigit(s.charAt(i))) {
                i++;
              }
              inExecutableComment = true;
              if (keepComments) {
                add(EXEC_COMMENT_OPEN, start, i, 0);
              }
            } else {
              i = blockComment(start);
            }
          } else {
            i = operator(start);
          }
          break;
        case '*':
          if (inExecutableComment && i + 1 < n && s.charAt(i + 1) == '/') {
            inExecutableComment = false;
            i += 2;
            if (keepComments) {
              add(EXEC_COMMENT_CLOSE, start, i, 0);
            }
          } else {
            i = operator(start);
          }
          break;
        case '$':
          if (i + 1 < n && isDigit(s.charAt(i + 1))) {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
              i++;
            }
            add(PARAM, start, i, 0);
          } else if (postgres || dialect == Dialect.H2) {
            i = dollar(start);
          } else {
            i = operator(start);
          }
          break;
        case '@':
          if (mysql && i + 1 < n && (isIdentifierPart(s.charAt(i + 1)) || s.charAt(i + 1) == '@')) {
            i++;
            while (i < n
                && (isIdentifierPart(s.charAt(i)) || s.charAt(i) == '@' || s.charAt(i) == '.')) {
              i++;
            }
            add(VARIABLE, start, i, 0);
          } else {
            i = operator(start);
          }
          break;
        default:
          if (isDigit(c)) {
            i = number(start);
          } else if (isIdentifierStart(c)) {
            i = word(start);
          } else {
            i = operator(start);
          }
      }
    }
  }

  private boolean followsName(int start) {
    if (count == 0 || ends[count - 1] != start) {
      return false;
    }
    int type = types[count - 1];
    return type == WORD || type == QUOTED_IDENT || type == RPAREN;
  }

  private int word(int start) {
    String s = sql;
    int n = s.length();
    char c = s.charAt(start);
    if (start + 1 < n && s.charAt(start + 1) == '\'') {
      switch (c) {
        case 'e':
        case 'E':
          if (dialect == Dialect.POSTGRES) {
            return string(start, start + 2, '\'', BACKSLASHES | PREFIXED);
          }
          break;
        case 'x':
        case 'X':
        case 'b':
        case 'B':
        case 'n':
        case 'N':
          return string(
              start, start + 2, '\'', PREFIXED | (dialect == Dialect.MYSQL ? BACKSLASHES : 0));
        default:
          break;
      }
    }
    int i = start + 1;
    while (i < n && isIdentifierPart(s.charAt(i))) {
      i++;
    }
    add(WORD, start, i, 0);
    return i;
  }

  private int number(int start) {
    String s = sql;
    int n = s.length();
    int i = start;
    if (s.charAt(i) == '0' && i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
      i += 2;
      while (i < n && isHexDigit(s.charAt(i))) {
        i++;
      }
    } else {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
      }
      if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        int j = i + 1;
        if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
          j++;
        }
        if (j < n && isDigit(s.charAt(j))) {
          i = j;
          while (i < n && isDigit(s.charAt(i))) {
            i++;
          }
        }
      }
    }
    if (i < n && isIdentifierStart(s.charAt(i))) {
      // MySQL allows identifiers that start with digits, such as 1st_quarter.
      while (i < n && isIdentifierPart(s.charAt(i))) {
        i++;
      }
      add(WORD, start, i, 0);
      return i;
    }
    add(NUMBER, start, i, 0);
    return i;
  }

  private int string(int start, int from, char quote, int flag) {
    String s = sql;
    int n = s.length();
    boolean backslashes = (flag & BACKSLASHES) != 0;
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c == quote) {
        if (i + 1 < n && s.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        add(STRING, start, i + 1, flag);
        return i + 1;
      }
      if (c == '\\' && backslashes) {
        i += 2;
        continue;
      }
      i++;
    }
    add(STRING, start, n, flag | UNTERMINATED);
    return n;
  }

  private int quotedIdentifier(int start, char quote, int flag) {
    String s = sql;
    int n = s.length();
    int i = start + 1;
    while (i < n) {
      if (s.charAt(i) == quote) {
        if (i + 1 < n && s.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        add(QUOTED_IDENT, start, i + 1, flag);
        return i + 1;
      }
      i++;
    }
    add(QUOTED_IDENT, start, n, flag | UNTERMINATED);
    return n;
  }

  private int dollar(int start) {
    String s = sql;
    int n = s.length();
    int i = start + 1;
    while (i < n && isIdentifierPart(s.charAt(i)) && s.charAt(i) != '$') {
      i++;
    }
    if (i >= n || s.charAt(i) != '$') {
      return operator(start);
    }
    int tagEnd = i + 1;
    int close = s.indexOf(s.substring(start, tagEnd), tagEnd);
    if (close < 0) {
      add(STRING, start, n, DOLLAR | UNTERMINATED);
      return n;
    }
    int end = close + (tagEnd - start);
    add(STRING, start, end, DOLLAR);
    return end;
  }

  private int lineComment(int start, int flag) {
    int end = sql.indexOf('\n', start);
    if (end < 0) {
      end = sql.length();
    }
    if (keepComments) {
      add(COMMENT, start, end, flag);
    }
    return end;
  }

  private int blockComment(int start) {
    String s = sql;
    int n = s.length();
    boolean nests = dialect == Dialect.POSTGRES;
    int depth = 1;
    int i = start + 2;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '*' && i + 1 < n && s.charAt(i + 1) == '/') {
        i += 2;
        if (--depth == 0) {
          if (keepComments) {
            add(COMMENT, start, i, BLOCK);
          }
          return i;
        }
      } else if (nests && c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    if (keepComments) {
      add(COMMENT, start, n, BLOCK | UNTERMINATED);
    }
    return n;
  }

  private int operator(int start) {
    String s = sql;
    int n = s.length();
    int i = start + 1;
    while (i < n && isOperatorChar(s.charAt(i))) {
      char c = s.charAt(i);
      char next = i + 1 < n ? s.charAt(i + 1) : 0;
      if ((c == '-' && next == '-') || (c == '/' && next == '*')) {
        break;
      }
      if (c == '#' && dialect == Dialect.MYSQL) {
        break;
      }
      if (c == '*' && next == '/') {
        break;
      }
      i++;
    }
    // As in PostgreSQL, a multi-character operator does not end in + or -, so a=-1 is a = -1.
    while (i - start > 1 && (s.charAt(i - 1) == '-' || s.charAt(i - 1) == '+')) {
      i--;
    }
    add(OPERATOR, start, i, 0);
    return i;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isOperatorChar(char c) {
    switch (c) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '<':
      case '>':
      case '=':
      case '~':
      case '!':
      case '@':
      case '#':
      case '%':
      case '^':
      case '&':
      case '|':
      case ':':
        return true;
      default:
        return false;
    }
  }
}
