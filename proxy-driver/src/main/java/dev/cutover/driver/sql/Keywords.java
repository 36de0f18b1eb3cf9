package dev.cutover.driver.sql;

/** The words the analyzer reacts to, looked up from a region of the SQL text without allocating. */
final class Keywords {
  static final int NONE = 0;
  static final int SELECT = 1;
  static final int INSERT = 2;
  static final int UPDATE = 3;
  static final int DELETE = 4;
  static final int REPLACE = 5;
  static final int MERGE = 6;
  static final int UPSERT = 7;
  static final int COPY = 8;
  static final int LOAD = 9;
  static final int WITH = 10;
  static final int RECURSIVE = 11;
  static final int AS = 12;
  static final int NOT = 13;
  static final int MATERIALIZED = 14;
  static final int FROM = 15;
  static final int JOIN = 16;
  static final int INTO = 17;
  static final int TABLE = 18;
  static final int USING = 19;
  static final int ONLY = 20;
  static final int LATERAL = 21;
  static final int WHERE = 22;
  static final int ON = 23;
  static final int GROUP = 24;
  static final int ORDER = 25;
  static final int BY = 26;
  static final int HAVING = 27;
  static final int LIMIT = 28;
  static final int OFFSET = 29;
  static final int UNION = 30;
  static final int EXCEPT = 31;
  static final int INTERSECT = 32;
  static final int WINDOW = 33;
  static final int FOR = 34;
  static final int SET = 35;
  static final int VALUES = 36;
  static final int VALUE = 37;
  static final int RETURNING = 38;
  static final int SHARE = 39;
  static final int NO = 40;
  static final int KEY = 41;
  static final int LOCK = 42;
  static final int IN = 43;
  static final int MODE = 44;
  static final int EXPLAIN = 45;
  static final int ANALYZE = 46;
  static final int ANALYSE = 47;
  static final int VERBOSE = 48;
  static final int DESCRIBE = 49;
  static final int DESC = 50;
  static final int SHOW = 51;
  static final int BEGIN = 52;
  static final int START = 53;
  static final int TRANSACTION = 54;
  static final int COMMIT = 55;
  static final int ROLLBACK = 56;
  static final int SAVEPOINT = 57;
  static final int RELEASE = 58;
  static final int END = 59;
  static final int ABORT = 60;
  static final int USE = 61;
  static final int RESET = 62;
  static final int DISCARD = 63;
  static final int CREATE = 64;
  static final int ALTER = 65;
  static final int DROP = 66;
  static final int TRUNCATE = 67;
  static final int RENAME = 68;
  static final int COMMENT = 69;
  static final int GRANT = 70;
  static final int REVOKE = 71;
  static final int CALL = 72;
  static final int DO = 73;
  static final int IGNORE = 74;
  static final int LOW_PRIORITY = 75;
  static final int HIGH_PRIORITY = 76;
  static final int DELAYED = 77;
  static final int QUICK = 78;
  static final int DUPLICATE = 79;
  static final int CONFLICT = 80;
  static final int OUTFILE = 81;
  static final int DUMPFILE = 82;
  static final int TEMP = 83;
  static final int TEMPORARY = 84;
  static final int UNLOGGED = 85;
  static final int IF = 86;
  static final int EXISTS = 87;
  static final int OR = 88;
  static final int INDEX = 89;
  static final int UNIQUE = 90;
  static final int CONCURRENTLY = 91;
  static final int VIEW = 92;
  static final int AND = 93;
  static final int INNER = 94;
  static final int LEFT = 95;
  static final int RIGHT = 96;
  static final int FULL = 97;
  static final int OUTER = 98;
  static final int CROSS = 99;
  static final int NATURAL = 100;
  static final int STRAIGHT_JOIN = 101;
  static final int FETCH = 102;
  static final int FORCE = 103;
  static final int PARTITION = 104;
  static final int TABLESAMPLE = 105;
  static final int WHEN = 106;
  static final int THEN = 107;
  static final int ELSE = 108;
  static final int CASE = 109;
  static final int DISTINCT = 110;
  static final int SESSION = 111;
  static final int LOCAL = 112;
  static final int GLOBAL = 113;
  static final int XA = 114;
  static final int PREPARE = 115;
  static final int TO = 116;
  static final int IS = 117;
  static final int DEFAULT = 118;
  static final int BETWEEN = 119;
  static final int LIKE = 120;
  static final int ALL = 121;
  static final int ANY = 122;
  static final int OVER = 123;
  static final int INFILE = 124;
  static final int TABLES = 125;
  static final int CASCADE = 126;
  static final int RESTRICT = 127;
  static final int SEQUENCE = 128;
  static final int ROW = 129;
  static final int ROWS = 130;
  static final int TRIGGER = 131;
  static final int STDIN = 132;
  static final int DATA = 133;
  static final int CHECK = 134;
  static final int ORDINALITY = 135;
  static final int ROLLUP = 136;
  static final int TIME = 137;
  static final int NAMES = 138;
  static final int CHARACTERISTICS = 139;
  static final int SKIP = 140;
  static final int NOWAIT = 141;
  static final int OF = 142;
  static final int SOME = 143;
  static final int EXTENDED = 144;
  static final int FORMAT = 145;
  static final int NULL = 146;
  static final int TRUE = 147;
  static final int FALSE = 148;
  static final int WORK = 149;
  static final int DEALLOCATE = 150;
  static final int EXECUTE = 151;
  static final int RETURN = 152;

  /** First id of the non-deterministic functions and special values. */
  static final int FIRST_NON_DETERMINISTIC = 200;

  private static final String[] WORDS = new String[260];

  /** Non-deterministic values written without parentheses, such as {@code CURRENT_TIMESTAMP}. */
  private static final String[] NON_DETERMINISTIC_VALUES = {
    "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp",
    "utc_timestamp", "utc_date", "utc_time", "sysdate", "systimestamp"
  };

  /** Non-deterministic functions, recognised only when followed by {@code (}. */
  private static final String[] NON_DETERMINISTIC_FUNCTIONS = {
    "now",
    "rand",
    "random",
    "uuid",
    "uuid_short",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "random_uuid",
    "newid",
    "last_insert_id",
    "lastval",
    "nextval",
    "clock_timestamp",
    "statement_timestamp",
    "transaction_timestamp",
    "timeofday",
    "curdate",
    "curtime",
    "unix_timestamp",
    "connection_id",
    "pg_backend_pid",
    "txid_current",
    "pg_current_xact_id",
    "found_rows",
    "row_count",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "utc_timestamp",
    "utc_date",
    "utc_time",
    "sysdate",
    "systimestamp"
  };

  private static final int TABLE_SIZE = 1024;
  private static final int[] SLOTS = new int[TABLE_SIZE];
  private static final boolean[] RESERVED = new boolean[260];
  private static final boolean[] NON_DETERMINISTIC_VALUE = new boolean[260];

  static {
    String[] named = {
      "select",
      "insert",
      "update",
      "delete",
      "replace",
      "merge",
      "upsert",
      "copy",
      "load",
      "with",
      "recursive",
      "as",
      "not",
      "materialized",
      "from",
      "join",
      "into",
      "table",
      "using",
      "only",
      "lateral",
      "where",
      "on",
      "group",
      "order",
      "by",
      "having",
      "limit",
      "offset",
      "union",
      "except",
      "intersect",
      "window",
      "for",
      "set",
      "values",
      "value",
      "returning",
      "share",
      "no",
      "key",
      "lock",
      "in",
      "mode",
      "explain",
      "analyze",
      "analyse",
      "verbose",
      "describe",
      "desc",
      "show",
      "begin",
      "start",
      "transaction",
      "commit",
      "rollback",
      "savepoint",
      "release",
      "end",
      "abort",
      "use",
      "reset",
      "discard",
      "create",
      "alter",
      "drop",
      "truncate",
      "rename",
      "comment",
      "grant",
      "revoke",
      "call",
      "do",
      "ignore",
      "low_priority",
      "high_priority",
      "delayed",
      "quick",
      "duplicate",
      "conflict",
      "outfile",
      "dumpfile",
      "temp",
      "temporary",
      "unlogged",
      "if",
      "exists",
      "or",
      "index",
      "unique",
      "concurrently",
      "view",
      "and",
      "inner",
      "left",
      "right",
      "full",
      "outer",
      "cross",
      "natural",
      "straight_join",
      "fetch",
      "force",
      "partition",
      "tablesample",
      "when",
      "then",
      "else",
      "case",
      "distinct",
      "session",
      "local",
      "global",
      "xa",
      "prepare",
      "to",
      "is",
      "default",
      "between",
      "like",
      "all",
      "any",
      "over",
      "infile",
      "tables",
      "cascade",
      "restrict",
      "sequence",
      "row",
      "rows",
      "trigger",
      "stdin",
      "data",
      "check",
      "ordinality",
      "rollup",
      "time",
      "names",
      "characteristics",
      "skip",
      "nowait",
      "of",
      "some",
      "extended",
      "format",
      "null",
      "true",
      "false",
      "work",
      "deallocate",
      "execute",
      "return"
    };
    for (int i = 0; i < named.length; i++) {
      WORDS[i + 1] = named[i];
    }
    int id = FIRST_NON_DETERMINISTIC;
    for (String name : NON_DETERMINISTIC_FUNCTIONS) {
      WORDS[id] = name;
      for (String value : NON_DETERMINISTIC_VALUES) {
        if (value.equals(name)) {
          NON_DETERMINISTIC_VALUE[id] = true;
        }
      }
      id++;
    }
    for (int i = 1; i < WORDS.length; i++) {
      if (WORDS[i] != null) {
        insert(i);
      }
    }
    // Words that end a table reference: anything after them is not an alias.
    for (int i = 1; i < FIRST_NON_DETERMINISTIC; i++) {
      RESERVED[i] = WORDS[i] != null;
    }
    int[] soft = {
      // Statement verbs matter only at the start of a statement and are fine table names.
      COPY,
      LOAD,
      UPSERT,
      DESCRIBE,
      SHOW,
      BEGIN,
      START,
      COMMIT,
      ROLLBACK,
      SAVEPOINT,
      RELEASE,
      ABORT,
      USE,
      RESET,
      DISCARD,
      RENAME,
      CALL,
      PREPARE,
      EXECUTE,
      DEALLOCATE,
      DUPLICATE,
      CONFLICT,
      DATA,
      KEY,
      MODE,
      VALUE,
      SHARE,
      FORMAT,
      SESSION,
      LOCAL,
      GLOBAL,
      TEMP,
      TEMPORARY,
      NAMES,
      TIME,
      CHARACTERISTICS,
      ORDINALITY,
      ROLLUP,
      STDIN,
      ROW,
      ROWS,
      SKIP,
      NOWAIT,
      EXTENDED,
      WORK,
      SEQUENCE,
      TRIGGER,
      INFILE,
      TABLES,
      CHECK,
      COMMENT,
      UNLOGGED,
      MATERIALIZED,
      RECURSIVE,
      VERBOSE,
      QUICK,
      DELAYED,
      CONCURRENTLY,
      CASCADE,
      RESTRICT,
      OUTFILE,
      DUMPFILE,
      XA,
      NO,
      END
    };
    for (int s : soft) {
      RESERVED[s] = false;
    }
  }

  private Keywords() {}

  private static void insert(int id) {
    String word = WORDS[id];
    int slot = hash(word, 0, word.length()) & (TABLE_SIZE - 1);
    while (SLOTS[slot] != 0) {
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    SLOTS[slot] = id;
  }

  private static int hash(String s, int start, int end) {
    int h = end - start;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      h = h * 31 + c;
    }
    return h ^ (h >>> 11);
  }

  /** The id of the word {@code s[start, end)}, case-insensitively, or {@link #NONE}. */
  static int lookup(String s, int start, int end) {
    int length = end - start;
    if (length < 2 || length > 22) {
      return NONE;
    }
    for (int i = start; i < end; i++) {
      if (s.charAt(i) >= 0x80) {
        return NONE;
      }
    }
    int slot = hash(s, start, end) & (TABLE_SIZE - 1);
    while (true) {
      int id = SLOTS[slot];
      if (id == 0) {
        return NONE;
      }
      String word = WORDS[id];
      if (word.length() == length && s.regionMatches(true, start, word, 0, length)) {
        return id;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
  }

  /** True for words that cannot be a table alias. */
  static boolean reserved(int id) {
    return RESERVED[id];
  }

  /** True for non-deterministic functions and values. */
  static boolean nonDeterministic(int id) {
    return id >= FIRST_NON_DETERMINISTIC;
  }

  /** True for non-deterministic values that need no parentheses, like {@code CURRENT_DATE}. */
  static boolean nonDeterministicWithoutCall(int id) {
    return NON_DETERMINISTIC_VALUE[id];
  }
}
