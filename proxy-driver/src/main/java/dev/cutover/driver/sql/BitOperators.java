package dev.cutover.driver.sql;

import static dev.cutover.driver.sql.SqlLexer.DOT;
import static dev.cutover.driver.sql.SqlLexer.LPAREN;
import static dev.cutover.driver.sql.SqlLexer.NUMBER;
import static dev.cutover.driver.sql.SqlLexer.OPERATOR;
import static dev.cutover.driver.sql.SqlLexer.PARAM;
import static dev.cutover.driver.sql.SqlLexer.QUOTED_IDENT;
import static dev.cutover.driver.sql.SqlLexer.RPAREN;
import static dev.cutover.driver.sql.SqlLexer.STRING;
import static dev.cutover.driver.sql.SqlLexer.VARIABLE;
import static dev.cutover.driver.sql.SqlLexer.WORD;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * MySQL's bit operators ({@code | & << >> ^ ~}), {@code BIT_COUNT} and the aggregates {@code
 * BIT_AND}, {@code BIT_OR}, {@code BIT_XOR}, on the translated text.
 *
 * <p>MySQL computes them on unsigned 64-bit integers: each operand is rounded half away from zero
 * (a decimal, a double and a numeric string alike), clamped to -2^63 .. 2^64-1 and taken modulo
 * 2^64, so {@code -1 & 255} is 255 and {@code ~0} is 18446744073709551615; a shift by 64 or more
 * (or by a negative count, a huge unsigned one) is 0, {@code >>} shifts zeros in. PostgreSQL's
 * operators are signed, sign-extending, shift modulo 64, refuse a {@code numeric} operand and have
 * another precedence (all of them at one level below {@code +}, where MySQL has {@code |} lowest,
 * then {@code &}, then the shifts, then {@code + -}, {@code * /}, and {@code ^} above those; its
 * {@code ^} is a power). Each expression holding such an operator is therefore parsed with MySQL's
 * precedence and written fully parenthesised over {@code BIGINT}s that carry the 64 bits (the
 * operand conversion is exact for every input MySQL takes, {@code NUMERIC(20)} columns holding
 * unsigned values too); its value is that bit pattern read as unsigned, a {@code NUMERIC(20)}, as
 * MariaDB's is a {@code BIGINT UNSIGNED}. Where the parse does not reach a clean boundary (an
 * operand of an unknown shape beside a bit operator), the statement is refused as a whole, so
 * PostgreSQL never answers with its own semantics silently.
 */
final class BitOperators {
  private BitOperators() {}

  private static final String TWO_64 = "18446744073709551616";
  private static final String TWO_63 = "9223372036854775808";

  /** {@code sql} (PostgreSQL, translated from MySQL) with MySQL's bit operations made exact. */
  static String rewrite(String sql, Function<String, String> columnType) {
    if (!mayHold(sql)) {
      return sql;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    if (lx.count == 0) {
      return sql;
    }
    String body = new BitOperators.Pass(lx, columnType).range(0, lx.count);
    return sql.substring(0, lx.starts[0]) + body + sql.substring(lx.ends[lx.count - 1]);
  }

  private static boolean mayHold(String sql) {
    if (sql.indexOf('|') >= 0
        || sql.indexOf('&') >= 0
        || sql.indexOf('~') >= 0
        || sql.indexOf('^') >= 0
        || sql.contains("<<")
        || sql.contains(">>")) {
      return true;
    }
    String lower = sql.toLowerCase(Locale.ROOT);
    return lower.contains("bit_");
  }

  /** MySQL's binary operators of arithmetic and bits, by precedence (higher binds tighter). */
  private static int precedence(String op) {
    switch (op) {
      case "|":
        return 1;
      case "&":
        return 2;
      case "<<":
      case ">>":
        return 3;
      case "+":
      case "-":
        return 4;
      case "*":
      case "/":
      case "%":
        return 5;
      case "^":
        return 6;
      default:
        return -1;
    }
  }

  private static boolean isBitOperator(String op) {
    return op.equals("|")
        || op.equals("&")
        || op.equals("<<")
        || op.equals(">>")
        || op.equals("^")
        || op.equals("~");
  }

  /**
   * Operators that bind more loosely than any of MySQL's bit operators and may end or start such an
   * expression: comparisons and the regular-expression matches REGEXP became.
   */
  private static final Set<String> LOOSER =
      Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "~", "~*", "!~", "!~*", ":=");

  /** Words that are no operand and no call even before a parenthesis. */
  private static final Set<String> NOT_CALLS =
      Set.of(
          "and",
          "or",
          "not",
          "in",
          "exists",
          "values",
          "value",
          "when",
          "then",
          "else",
          "on",
          "where",
          "having",
          "select",
          "from",
          "as",
          "is",
          "between",
          "like",
          "ilike",
          "any",
          "all",
          "some",
          "using",
          "join",
          "into",
          "by",
          "set",
          "returning",
          "over",
          "filter",
          "within",
          "with",
          "distinct",
          "union",
          "except",
          "intersect",
          "limit",
          "offset",
          "xor",
          "interval",
          "collate",
          "similar",
          "escape",
          "case",
          "end",
          "do",
          "update",
          "conflict");

  private static final Set<String> AGGREGATES = Set.of("bit_and", "bit_or", "bit_xor");

  /** Node kinds. */
  private static final int LEAF = 0;

  private static final int GROUP = 1;
  private static final int UNARY = 2;
  private static final int BINARY = 3;

  /** A parsed expression over tokens {@code [start, end)}. */
  private static final class Node {
    final int kind;
    final int start;
    final int end;

    /** The operator's token (UNARY, BINARY), or the group's opening parenthesis. */
    final int op;

    final Node a;
    final Node b;
    final boolean bits;

    Node(int kind, int start, int end, int op, Node a, Node b, boolean ownBits) {
      this.kind = kind;
      this.start = start;
      this.end = end;
      this.op = op;
      this.a = a;
      this.b = b;
      this.bits = ownBits || a != null && a.bits || b != null && b.bits;
    }
  }

  private static final class Pass {
    private final SqlLexer lx;
    private final String sql;

    /** Set when an operator of the expression being parsed had no operand after it. */
    private boolean broken;

    /** Whether a column of the statement's tables holds an integer wherever it is. */
    private final Function<String, String> columnType;

    Pass(SqlLexer lx, Function<String, String> columnType) {
      this.lx = lx;
      this.columnType = columnType;
      this.sql = lx.sql;
    }

    /** The text of tokens {@code [from, to)} (from the first's start to the last's end). */
    String range(int from, int to) {
      if (from >= to) {
        return "";
      }
      StringBuilder out = new StringBuilder(lx.ends[to - 1] - lx.starts[from] + 16);
      int copied = lx.starts[from];
      int t = from;
      while (t < to) {
        if (startsOperand(t, from)) {
          broken = false;
          Node n = expression(t, to, 1);
          if (n != null && n.bits) {
            out.append(sql, copied, lx.starts[t]);
            if (broken || !cleanBefore(t, from) || !cleanAfter(n.end, to)) {
              out.append(refused(n.start, n.end));
            } else {
              out.append(value(n));
            }
            copied = lx.ends[n.end - 1];
            t = n.end;
            continue;
          }
        }
        int special = special(t, to);
        if (special >= 0) {
          out.append(sql, copied, lx.starts[t]).append(functionValue(t, special));
          copied = lx.ends[special];
          t = special + 1;
          continue;
        }
        if (lx.types[t] == LPAREN) {
          int close = lx.closing(t, to);
          if (close > t + 1) {
            out.append(sql, copied, lx.starts[t + 1]).append(range(t + 1, close));
            copied = lx.ends[close - 1];
            t = close;
            continue;
          }
        }
        t++;
      }
      return out.append(sql, copied, lx.ends[to - 1]).toString();
    }

    /**
     * Tokens {@code [from, to)} as they are, but for each bit operator as {@code
     * OPERATOR(untranslated_mysql.|)}, which PostgreSQL refuses (no such schema): an expression
     * whose extent MySQL's precedence does not make plain (an operand of an unknown shape beside
     * the operator, {@code a | b COLLATE x}) fails loudly instead of taking PostgreSQL's signed
     * semantics.
     */
    private String refused(int from, int to) {
      StringBuilder out = new StringBuilder();
      int copied = lx.starts[from];
      for (int t = from; t < to; t++) {
        if (lx.types[t] == OPERATOR && isBitOperator(lx.text(t))) {
          out.append(sql, copied, lx.starts[t])
              .append("OPERATOR(untranslated_mysql.")
              .append(lx.text(t))
              .append(')');
          copied = lx.ends[t];
        }
      }
      return out.append(sql, copied, lx.ends[to - 1]).toString();
    }

    /**
     * The closing parenthesis of {@code BIT_COUNT(x)} or a bit aggregate starting at {@code t} (of
     * its {@code OVER} clause for a window), or -1.
     */
    private int special(int t, int to) {
      if (lx.types[t] != WORD || t + 1 >= to || lx.types[t + 1] != LPAREN) {
        return -1;
      }
      if (t > 0 && lx.types[t - 1] == DOT) {
        return -1;
      }
      String name = lx.text(t).toLowerCase(Locale.ROOT);
      if (!name.equals("bit_count") && !AGGREGATES.contains(name)) {
        return -1;
      }
      int close = lx.closing(t + 1, to);
      if (close < 0) {
        return -1;
      }
      if (AGGREGATES.contains(name) && lx.isWord(close + 1, "over")) {
        if (close + 2 < to && lx.types[close + 2] == LPAREN) {
          int end = lx.closing(close + 2, to);
          return end < 0 ? -1 : end;
        }
        return close + 2 < to && lx.types[close + 2] == WORD ? close + 2 : -1;
      }
      return close;
    }

    /**
     * {@code BIT_COUNT(x)} as MySQL's {@code INT}: the one bits of x's 64-bit pattern; a bit
     * aggregate as the unsigned value of its bits, MySQL's identity for no row (all ones for AND, 0
     * for OR and XOR). The aggregate's argument is cast as MySQL converts it there: a double rounds
     * half to even, a decimal half away from zero (measured).
     */
    private String functionValue(int t, int last) {
      String name = lx.text(t).toLowerCase(Locale.ROOT);
      int open = t + 1;
      int close = lx.closing(open, last + 1);
      if (close == open + 1) {
        throw new IllegalStateException(name + " without an argument");
      }
      if (name.equals("bit_count")) {
        return "CAST(bit_count(CAST(" + bits(open + 1, close) + " AS BIT(64))) AS INTEGER)";
      }
      if (lx.isWord(open + 1, "distinct") || lx.isWord(open + 1, "all")) {
        throw new IllegalStateException(name + " with a quantifier");
      }
      String argument = range(open + 1, close);
      String type = columnType(open + 1, close);
      // A NUMERIC(20) column holds BIGINT UNSIGNED values past BIGINT's range: converted in full
      // (a decimal rounds half away from zero there too).
      String converted =
          type != null && type.startsWith("numeric")
              ? operand(argument)
              : "CAST(" + argument + " AS BIGINT)";
      String aggregate =
          lx.text(t)
              + sql.substring(lx.ends[t], lx.starts[open + 1])
              + converted
              + sql.substring(lx.ends[close - 1], lx.ends[last]);
      return unsigned("COALESCE(" + aggregate + ", " + (name.equals("bit_and") ? "-1" : "0") + ")");
    }

    /** The bits of the expression in tokens {@code [from, to)}. */
    private String bits(int from, int to) {
      broken = false;
      Node n = expression(from, to, 1);
      if (n != null && n.end == to && !broken) {
        return bits(n);
      }
      return operand(range(from, to));
    }

    /** Whether an expression may start at {@code t}: nothing that ends a value stands before it. */
    private boolean startsOperand(int t, int from) {
      if (t > from && endsValue(t - 1)) {
        return false;
      }
      int type = lx.types[t];
      if (type == OPERATOR) {
        String op = lx.text(t);
        return op.equals("-") || op.equals("+") || op.equals("~") || op.equals("!");
      }
      return type == NUMBER
          || type == STRING
          || type == PARAM
          || type == VARIABLE
          || type == QUOTED_IDENT
          || type == LPAREN
          || type == WORD && isOperandWord(t);
    }

    private boolean isOperandWord(int t) {
      String w = lx.text(t).toLowerCase(Locale.ROOT);
      if (w.equals("case")) {
        return true;
      }
      if (t + 1 < lx.count && lx.types[t + 1] == LPAREN) {
        return !NOT_CALLS.contains(w);
      }
      return lx.keywords[t] == 0
          || w.equals("null")
          || w.equals("true")
          || w.equals("false")
          || w.equals("case")
          || lx.keywords[t] >= Keywords.FIRST_NON_DETERMINISTIC;
    }

    /** Whether token {@code t} ends a value (so that an operator after it is binary). */
    private boolean endsValue(int t) {
      int type = lx.types[t];
      if (type == NUMBER
          || type == STRING
          || type == PARAM
          || type == VARIABLE
          || type == RPAREN
          || type == QUOTED_IDENT) {
        return true;
      }
      if (type == OPERATOR) {
        return lx.isChar(t, ']');
      }
      if (type != WORD) {
        return false;
      }
      String w = lx.text(t).toLowerCase(Locale.ROOT);
      return lx.keywords[t] == 0 && !w.equals("div")
          || w.equals("null")
          || w.equals("true")
          || w.equals("false")
          || w.equals("end")
          || lx.keywords[t] >= Keywords.FIRST_NON_DETERMINISTIC;
    }

    /** Whether what precedes an expression at {@code t} binds more loosely than its operators. */
    private boolean cleanBefore(int t, int from) {
      if (t == from) {
        return true;
      }
      int type = lx.types[t - 1];
      if (type == OPERATOR) {
        return LOOSER.contains(lx.text(t - 1));
      }
      return type != DOT && !lx.isWord(t - 1, "collate") && !lx.isWord(t - 1, "interval");
    }

    /** Whether what follows an expression ending before {@code t} binds more loosely. */
    private boolean cleanAfter(int t, int to) {
      if (t >= to) {
        return true;
      }
      int type = lx.types[t];
      if (type == OPERATOR) {
        return LOOSER.contains(lx.text(t));
      }
      return type != DOT && type != LPAREN && !lx.isWord(t, "collate");
    }

    /** An expression from {@code t} binding operators of precedence {@code min} and above. */
    private Node expression(int t, int to, int min) {
      Node left = unary(t, to);
      if (left == null) {
        return null;
      }
      while (left.end < to && lx.types[left.end] == OPERATOR) {
        int op = left.end;
        int p = precedence(lx.text(op));
        if (p < min) {
          break;
        }
        Node right = op + 1 < to ? expression(op + 1, to, p + 1) : null;
        if (right == null) {
          broken = true;
          break;
        }
        left = new Node(BINARY, left.start, right.end, op, left, right, isBitOperator(lx.text(op)));
      }
      return left;
    }

    private Node unary(int t, int to) {
      if (t >= to) {
        return null;
      }
      if (lx.types[t] == OPERATOR) {
        String op = lx.text(t);
        if (op.equals("-") || op.equals("+") || op.equals("~") || op.equals("!")) {
          Node child = unary(t + 1, to);
          if (child == null) {
            broken = true;
            return null;
          }
          return new Node(UNARY, t, child.end, t, child, null, op.equals("~"));
        }
        return null;
      }
      return postfix(primary(t, to), to);
    }

    /** A {@code ::type} after a primary. */
    private Node postfix(Node n, int to) {
      if (n == null) {
        return null;
      }
      int t = n.end;
      if (t + 1 < to && lx.types[t] == OPERATOR && lx.text(t).equals("::")) {
        int end = t + 1;
        if (lx.types[end] != WORD) {
          broken = true;
          return n;
        }
        end++;
        while (end < to
            && (lx.isWord(end, "precision")
                || lx.isWord(end, "varying")
                || lx.isWord(end, "zone")
                || lx.isWord(end, "with")
                || lx.isWord(end, "without")
                || lx.isWord(end, "time"))) {
          end++;
        }
        if (end < to && lx.types[end] == LPAREN) {
          int close = lx.closing(end, to);
          if (close < 0) {
            broken = true;
            return n;
          }
          end = close + 1;
        }
        return postfix(new Node(LEAF, n.start, end, -1, null, null, false), to);
      }
      return n;
    }

    private Node primary(int t, int to) {
      int type = lx.types[t];
      if (type == NUMBER || type == STRING || type == PARAM || type == VARIABLE) {
        return leaf(t, t + 1);
      }
      if (type == LPAREN) {
        int close = lx.closing(t, to);
        if (close < 0) {
          return null;
        }
        boolean outer = broken;
        broken = false;
        Node inner = close > t + 1 ? expression(t + 1, close, 1) : null;
        boolean clean = inner != null && inner.end == close && !broken;
        broken = outer;
        return clean ? new Node(GROUP, t, close + 1, t, inner, null, false) : leaf(t, close + 1);
      }
      if (type != WORD && type != QUOTED_IDENT) {
        return null;
      }
      if (type == WORD && !isOperandWord(t)) {
        return null;
      }
      if (lx.isWord(t, "case")) {
        int end = caseEnd(t, to);
        return end < 0 ? null : leaf(t, end + 1);
      }
      int end = t;
      while (end + 2 < to
          && lx.types[end + 1] == DOT
          && (lx.types[end + 2] == WORD || lx.types[end + 2] == QUOTED_IDENT)) {
        end += 2;
      }
      if (end + 1 < to && lx.types[end + 1] == LPAREN) {
        int close = lx.closing(end + 1, to);
        if (close < 0) {
          return null;
        }
        end = close;
        if (lx.isWord(end + 1, "over") && end + 2 < to) {
          if (lx.types[end + 2] == LPAREN) {
            int over = lx.closing(end + 2, to);
            if (over < 0) {
              return null;
            }
            end = over;
          } else {
            end += 2;
          }
        }
      }
      return leaf(t, end + 1);
    }

    private int caseEnd(int t, int to) {
      int depth = 0;
      for (int i = t; i < to; i++) {
        if (lx.isWord(i, "case")) {
          depth++;
        } else if (lx.isWord(i, "end") && --depth == 0) {
          return i;
        }
      }
      return -1;
    }

    private Node leaf(int start, int end) {
      return new Node(LEAF, start, end, -1, null, null, false);
    }

    /** MySQL's value of {@code n}: unsigned for a bit operation, else as written. */
    private String value(Node n) {
      if (!n.bits) {
        return range(n.start, n.end);
      }
      switch (n.kind) {
        case GROUP:
          return sql.substring(lx.starts[n.start], lx.starts[n.a.start])
              + value(n.a)
              + sql.substring(lx.ends[n.a.end - 1], lx.ends[n.end - 1]);
        case UNARY:
          if (lx.text(n.op).equals("~")) {
            return unsigned(bits(n));
          }
          String child = value(n.a);
          String gap = sql.substring(lx.ends[n.op], lx.starts[n.a.start]);
          if (gap.isEmpty() && child.startsWith("-")) {
            gap = " ";
          }
          return lx.text(n.op) + gap + child;
        case BINARY:
          if (isBitOperator(lx.text(n.op))) {
            return unsigned(bits(n));
          }
          return value(n.a)
              + sql.substring(lx.ends[n.a.end - 1], lx.starts[n.op])
              + lx.text(n.op)
              + sql.substring(lx.ends[n.op], lx.starts[n.b.start])
              + value(n.b);
        default:
          return range(n.start, n.end);
      }
    }

    /** A {@code BIGINT} carrying the 64 bits MySQL computes {@code n} on. */
    private String bits(Node n) {
      switch (n.kind) {
        case GROUP:
          return bits(n.a);
        case UNARY:
          if (lx.text(n.op).equals("~")) {
            return "(~" + bits(n.a) + ")";
          }
          if (lx.text(n.op).equals("-") && n.a.kind == LEAF && lx.types[n.a.start] == NUMBER) {
            String literal = literal(n.a.start, true);
            if (literal != null) {
              return literal;
            }
          }
          return operand(value(n));
        case BINARY:
          String op = lx.text(n.op);
          switch (op) {
            case "|":
            case "&":
              return "(" + bits(n.a) + " " + op + " " + bits(n.b) + ")";
            case "^":
              return "(" + bits(n.a) + " # " + bits(n.b) + ")";
            case "<<":
            case ">>":
              return shift(n, op.equals("<<"));
            default:
              return operand(value(n));
          }
        default:
          if (n.end == n.start + 1 && lx.types[n.start] == NUMBER) {
            String literal = literal(n.start, false);
            if (literal != null) {
              return literal;
            }
          }
          if (n.end == n.start + 1 && lx.isWord(n.start, "null")) {
            return "CAST(NULL AS BIGINT)";
          }
          if (isIntegerColumn(n)) {
            // In range and whole: its value is its bits.
            return "CAST(" + range(n.start, n.end) + " AS BIGINT)";
          }
          return operand(value(n));
      }
    }

    /**
     * A shift: by a literal count with PostgreSQL's operator (a right shift masked, as MySQL's
     * shifts zeros in), else in {@code numeric} by a power of two, the count converted as MySQL
     * converts it there (a double rounded half to even, measured) and 64 or more giving 0.
     */
    private String shift(Node n, boolean left) {
      String value = bits(n.a);
      Node count = n.b;
      if (count.kind == LEAF && count.end == count.start + 1 && isDigits(count.start)) {
        BigInteger k = new BigInteger(lx.text(count.start));
        if (k.compareTo(BigInteger.valueOf(64)) >= 0) {
          return "(" + value + " & 0)";
        }
        int s = k.intValue();
        if (s == 0) {
          return value;
        }
        if (left) {
          return "(" + value + " << " + s + ")";
        }
        long mask = -1L >>> s;
        return "((" + value + " >> " + s + ") & " + mask + ")";
      }
      String power =
          // LEAST skips a NULL: -1 (no count's) stands for it and is made NULL again.
          "power(2::NUMERIC, NULLIF(LEAST(COALESCE((CAST(CAST("
              + value(count)
              + " AS BIGINT) AS NUMERIC) + "
              + TWO_64
              + ") % "
              + TWO_64
              + ", -1), 64), -1))";
      String u = "((CAST(" + value + " AS NUMERIC) + " + TWO_64 + ") % " + TWO_64 + ")";
      String w = left ? u + " * " + power : "div(" + u + ", " + power + ")";
      return "CAST((" + w + " + " + TWO_63 + ") % " + TWO_64 + " - " + TWO_63 + " AS BIGINT)";
    }

    /** A column, qualified or not, that holds an integer in each table of the statement. */
    private boolean isIntegerColumn(Node n) {
      return isInteger(columnType(n.start, n.end));
    }

    /** The type of the column that tokens {@code [start, end)} name, or null. */
    private String columnType(int start, int end) {
      int last = end - 1;
      for (int t = start; t < last; t += 2) {
        if (lx.types[t + 1] != DOT) {
          return null;
        }
      }
      int type = lx.types[last];
      if (type == QUOTED_IDENT) {
        String q = lx.text(last);
        return columnType.apply(q.substring(1, q.length() - 1));
      }
      return type == WORD && lx.keywords[last] == 0 ? columnType.apply(lx.text(last)) : null;
    }

    private boolean isDigits(int t) {
      String s = lx.text(t);
      for (int i = 0; i < s.length(); i++) {
        if (!SqlLexer.isDigit(s.charAt(i))) {
          return false;
        }
      }
      return !s.isEmpty();
    }

    /** A numeric literal's bits, computed as MySQL converts it; null if it is of no such form. */
    private String literal(int t, boolean negative) {
      String s = lx.text(t);
      BigDecimal v;
      try {
        if (s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
          v = new BigDecimal(Double.parseDouble(s));
        } else {
          v = new BigDecimal(s);
        }
      } catch (NumberFormatException e) {
        return null;
      }
      if (negative) {
        v = v.negate();
      }
      BigInteger i = v.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
      BigInteger min = BigInteger.ONE.shiftLeft(63).negate();
      BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
      if (i.compareTo(min) < 0) {
        i = min;
      } else if (i.compareTo(max) > 0) {
        i = max;
      }
      return "CAST(" + i.longValue() + " AS BIGINT)";
    }
  }

  /** Whether a PostgreSQL column type is an integer one. */
  static boolean isInteger(String type) {
    return "smallint".equals(type) || "integer".equals(type) || "bigint".equals(type);
  }

  /**
   * MySQL's conversion of an operand to 64 bits: rounded half away from zero (a {@code numeric}, a
   * {@code double precision} and a numeric string alike), clamped to -2^63 .. 2^64-1, modulo 2^64,
   * read back as a signed {@code BIGINT}; NULL stays NULL. The value is written twice (PostgreSQL's
   * LEAST and GREATEST skip a NULL), so with a {@code ?} in it, whose marker must not be repeated,
   * it is cast once instead: exact from -2^63 to 2^63-1 and refused by PostgreSQL beyond.
   */
  static String operand(String value) {
    if (hasParameter(value)) {
      return "CAST(CAST(" + value + " AS NUMERIC) AS BIGINT)";
    }
    return "CASE WHEN "
        + value
        + " IS NOT NULL THEN CAST((LEAST(GREATEST(round(CAST("
        + value
        + " AS NUMERIC)), -"
        + TWO_63
        + "), 18446744073709551615) + "
        + TWO_63
        + ") % "
        + TWO_64
        + " - "
        + TWO_63
        + " AS BIGINT) END";
  }

  private static boolean hasParameter(String sql) {
    if (sql.indexOf('?') < 0) {
      return false;
    }
    SqlLexer lx = SqlLexer.lex(sql, Dialect.POSTGRES, false);
    for (int t = 0; t < lx.count; t++) {
      if (lx.types[t] == PARAM && lx.isChar(t, '?')) {
        return true;
      }
    }
    return false;
  }

  /** The 64 bits of a {@code BIGINT} read as unsigned, MySQL's {@code BIGINT UNSIGNED} result. */
  static String unsigned(String bits) {
    return "CAST((CAST(" + bits + " AS NUMERIC) + " + TWO_64 + ") % " + TWO_64 + " AS NUMERIC(20))";
  }
}
