"""The SQL a first lesson with PostgreSQL uses, run against a database's tables:
CREATE/DROP TABLE, INSERT, SELECT (columns, *, count(*), WHERE, ORDER BY, LIMIT),
UPDATE, DELETE, CREATE/DROP DATABASE, BEGIN/COMMIT, NOT NULL and primary keys (checked
on INSERT), and a few functions (version(), current_database(), current_user, now()). Errors are the server's own texts, with the
character position psql shows under "LINE 1:"."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

NUMERIC = ("integer", "bigint", "smallint", "numeric", "real", "double precision")
TYPE_NAMES = {"int": "integer", "int4": "integer", "integer": "integer", "serial": "integer",
              "bigserial": "bigint", "bigint": "bigint", "int8": "bigint", "smallint": "smallint",
              "text": "text", "varchar": "character varying", "boolean": "boolean",
              "bool": "boolean", "numeric": "numeric", "real": "real", "date": "date",
              "timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
              "char": "character"}


class SqlError(Exception):
    def __init__(self, message: str, position: int = 0, code: str = "42601", detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail  # psql's "DETAIL:" line
        self.position = position  # 1-based character in the statement, 0: none
        self.code = code


TOKEN = re.compile(r"""\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'(?:[^']|'')*')|(?P<qid>"(?:[^"]|"")*")
                   |(?P<id>[A-Za-z_][A-Za-z0-9_$]*)|(?P<op><>|!=|<=|>=|::|[(),;*=<>.+\-]))""", re.X)


def tokens(sql: str) -> List[Tuple[str, str, int]]:
    """(kind, text, 1-based position) for each token; kind: num, str, id, qid, op."""
    out, pos = [], 0
    while pos < len(sql):
        if sql.startswith("--", pos + len(sql[pos:]) - len(sql[pos:].lstrip())):
            end = sql.find("\n", pos)
            pos = len(sql) if end < 0 else end + 1
            continue
        match = TOKEN.match(sql, pos)
        if not match or match.end() == pos:
            if sql[pos:].strip() == "":
                break
            at = pos + len(sql[pos:]) - len(sql[pos:].lstrip())
            raise SqlError(f'syntax error at or near "{sql[at]}"', at + 1)
        kind = match.lastgroup
        text = match.group(kind)
        out.append((kind, text, match.start(kind) + 1))
        pos = match.end()
    return out


def split_statements(sql: str) -> List[str]:
    """Statements separated by ';' outside quotes (psql sends them one by one)."""
    parts, current, quote = [], [], ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == ";":
            parts.append("".join(current) + ";")
            current = []
            continue
        current.append(char)
    if "".join(current).strip():
        parts.append("".join(current))
    return [p for p in parts if p.strip(" \t\n;")]


class Result:
    def __init__(self, tag: str, columns=None, rows=None, numeric=None):
        self.tag = tag
        self.columns: Optional[List[str]] = columns
        self.rows: List[list] = rows or []
        self.numeric: List[bool] = numeric or []

    def to_json(self) -> dict:
        return {"tag": self.tag, "columns": self.columns, "rows": self.rows, "numeric": self.numeric}


class Parser:
    def __init__(self, sql: str):
        self.sql = sql
        self.toks = tokens(sql)
        self.i = 0

    def peek(self, offset: int = 0) -> Tuple[str, str, int]:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else ("end", "", len(self.sql.rstrip()) + 1)

    def word(self) -> str:
        kind, text, _ = self.peek()
        return text.lower() if kind == "id" else text

    def take(self) -> Tuple[str, str, int]:
        tok = self.peek()
        self.i += 1
        return tok

    def fail(self) -> SqlError:
        kind, text, pos = self.peek()
        if kind == "end":
            return SqlError("syntax error at end of input", pos)
        return SqlError(f'syntax error at or near "{text}"', pos)

    def expect(self, *words: str) -> None:
        if self.word() not in words:
            raise self.fail()
        self.i += 1

    def accept(self, *words: str) -> bool:
        if self.word() in words:
            self.i += 1
            return True
        return False

    def accept_words(self, first: str, *rest: str) -> bool:
        """An optional phrase (IF EXISTS, IF NOT EXISTS): all of it, or a syntax error."""
        if not self.accept(first):
            return False
        for word in rest:
            self.expect(word)
        return True

    def name(self) -> Tuple[str, int]:
        kind, text, pos = self.take()
        if kind == "id":
            return text.lower(), pos
        if kind == "qid":
            return text[1:-1].replace('""', '"'), pos
        self.i -= 1
        raise self.fail()

    def literal(self):
        kind, text, pos = self.take()
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "id" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        if kind == "id" and text.lower() == "null":
            return None
        if kind == "op" and text == "-" and self.peek()[0] == "num":
            return -self.literal()
        self.i -= 1
        raise self.fail()

    def done(self) -> None:
        self.accept(";")
        if self.peek()[0] != "end":
            raise self.fail()


class Database:
    """One database's tables: name -> {"columns": [[name, type, serial]], "rows": [...],
    "next": the next serial value}."""

    def __init__(self, name: str, tables: Dict[str, dict]):
        self.name = name
        self.tables = tables

    def table(self, name: str, pos: int) -> dict:
        if name not in self.tables:
            raise SqlError(f'relation "{name}" does not exist', pos, "42P01")
        return self.tables[name]


def _column_index(table: dict, name: str, pos: int) -> int:
    for index, column in enumerate(table["columns"]):
        if column[0] == name:
            return index
    raise SqlError(f'column "{name}" does not exist', pos, "42703")


def _coerce(value, kind: str, column: str):
    if value is None:
        return None
    if kind in ("integer", "bigint", "smallint"):
        if isinstance(value, str):
            if not value.strip().lstrip("-").isdigit():
                raise SqlError(f'invalid input syntax for type {kind}: "{value}"', 0, "22P02")
            return int(value)
        return int(value)
    if kind == "boolean":
        return value if isinstance(value, bool) else str(value).lower() in ("t", "true", "1", "yes")
    return value if isinstance(value, str) else str(value)


def _where(p: Parser, table: dict):
    """WHERE col op literal [AND ...]: a test for a row."""
    tests = []
    if p.accept("where"):
        while True:
            column, pos = p.name()
            index = _column_index(table, column, pos)
            kind, op, _ = p.take()
            if op not in ("=", "<>", "!=", "<", ">", "<=", ">="):
                p.i -= 1
                raise p.fail()
            value = _coerce(p.literal(), table["columns"][index][1], column)
            tests.append((index, op, value))
            if not p.accept("and"):
                break
    ops = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "!=": lambda a, b: a != b,
           "<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
           ">=": lambda a, b: a >= b}
    return lambda row: all(row[i] is not None and ops[op](row[i], v) for i, op, v in tests)


def execute(p: Parser, db: Database, session: dict, cluster) -> Result:
    verb = p.word()
    if verb in ("begin", "commit", "rollback", "start", "end"):
        while p.peek()[0] != "end":
            p.take()
        return Result({"start": "START TRANSACTION", "end": "COMMIT"}.get(verb, verb.upper()))
    if verb == "create":
        p.take()
        if p.accept("database"):
            name, _ = p.name()
            p.done()
            cluster.create_database(name, session["user"])
            return Result("CREATE DATABASE")
        p.expect("table")
        return _create_table(p, db)
    if verb == "drop":
        p.take()
        if p.accept("database"):
            if_exists = p.accept_words("if", "exists")
            name, _ = p.name()
            p.done()
            cluster.drop_database(name, if_exists, session["database"])
            return Result("DROP DATABASE")
        p.expect("table")
        if_exists = p.accept_words("if", "exists")
        name, pos = p.name()
        p.done()
        if name not in db.tables and if_exists:
            session["notices"].append(f'table "{name}" does not exist, skipping')
            return Result("DROP TABLE")
        db.table(name, pos)
        del db.tables[name]
        return Result("DROP TABLE")
    if verb == "insert":
        return _insert(p, db)
    if verb == "select":
        return _select(p, db, session)
    if verb == "update":
        p.take()
        name, pos = p.name()
        table = db.table(name, pos)
        p.expect("set")
        changes = []
        while True:
            column, cpos = p.name()
            index = _column_index(table, column, cpos)
            p.expect("=")
            changes.append((index, _coerce(p.literal(), table["columns"][index][1], column)))
            if not p.accept(","):
                break
        test = _where(p, table)
        p.done()
        count = 0
        for row in table["rows"]:
            if test(row):
                for index, value in changes:
                    row[index] = value
                count += 1
        return Result(f"UPDATE {count}")
    if verb == "delete":
        p.take()
        p.expect("from")
        name, pos = p.name()
        table = db.table(name, pos)
        test = _where(p, table)
        p.done()
        kept = [row for row in table["rows"] if not test(row)]
        count = len(table["rows"]) - len(kept)
        table["rows"] = kept
        return Result(f"DELETE {count}")
    raise p.fail()


def _create_table(p: Parser, db: Database) -> Result:
    if_not_exists = p.accept_words("if", "not", "exists")
    name, pos = p.name()
    p.expect("(")
    columns, primary = [], []
    while True:
        if p.word() in ("primary", "unique", "constraint", "foreign", "check"):
            words = []
            depth = 0
            while not (depth == 0 and p.word() in (",", ")")):
                if p.peek()[0] == "end":
                    raise p.fail()
                kind, text, _ = p.take()
                depth += {"(": 1, ")": -1}.get(text, 0)
                words.append(text.lower() if kind == "id" else text)
            if words[:2] == ["primary", "key"]:
                primary = [w for w in words[2:] if w not in "(),"]
        else:
            column, _ = p.name()
            type_word, type_pos = p.name()
            if type_word == "double":
                p.expect("precision")
                type_word = "double precision"
            kind = TYPE_NAMES.get(type_word, type_word)
            if p.accept("("):
                size = p.literal()
                p.expect(")")
                kind = f"{kind}({size})"
            depth, words = 0, []
            while not (depth == 0 and p.word() in (",", ")")):  # NOT NULL, PRIMARY KEY, DEFAULT ...
                if p.peek()[0] == "end":
                    raise p.fail()
                token = p.take()[1]
                depth += {"(": 1, ")": -1}.get(token, 0)
                words.append(token.lower())
            pairs = list(zip(words, words[1:]))
            if ("primary", "key") in pairs:
                primary = [column]
            columns.append([column, kind, type_word in ("serial", "bigserial"),
                            ("not", "null") in pairs or ("primary", "key") in pairs])
        if not p.accept(","):
            break
    p.expect(")")
    p.done()
    if name in db.tables:
        if if_not_exists:
            return Result("CREATE TABLE")
        raise SqlError(f'relation "{name}" already exists', 0, "42P07")
    for column in columns:
        column[3] = column[3] or column[0] in primary
    db.tables[name] = {"columns": columns, "rows": [], "next": 1, "primary_key": primary}
    return Result("CREATE TABLE")


def _check_row(name: str, table: dict, row: list) -> None:
    """NOT NULL and the primary key, with the server's texts and their DETAIL line."""
    shown = ", ".join("null" if v is None else _literal_text(v) for v in row)
    for index, column in enumerate(table["columns"]):
        if len(column) > 3 and column[3] and row[index] is None:
            raise SqlError(f'null value in column "{column[0]}" of relation "{name}" violates '
                           f"not-null constraint", 0, "23502",
                           detail=f"Failing row contains ({shown}).")
    key = [i for i, column in enumerate(table["columns"]) if column[0] in table.get("primary_key", ())]
    if key and any(all(other[i] == row[i] for i in key) for other in table["rows"]):
        names = ", ".join(table["columns"][i][0] for i in key)
        values = ", ".join(_literal_text(row[i]) for i in key)
        raise SqlError(f'duplicate key value violates unique constraint "{name}_pkey"', 0, "23505",
                       detail=f"Key ({names})=({values}) already exists.")


def _literal_text(value) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _insert(p: Parser, db: Database) -> Result:
    p.take()
    p.expect("into")
    name, pos = p.name()
    table = db.table(name, pos)
    targets = list(range(len(table["columns"])))
    if p.accept("("):
        targets = []
        while True:
            column, cpos = p.name()
            targets.append(_column_index(table, column, cpos))
            if not p.accept(","):
                break
        p.expect(")")
    p.expect("values")
    rows = []
    while True:
        p.expect("(")
        values = []
        while True:
            values.append(p.literal())
            if not p.accept(","):
                break
        p.expect(")")
        if len(values) > len(targets):
            raise SqlError("INSERT has more expressions than target columns", 0)
        rows.append(values)
        if not p.accept(","):
            break
    p.done()
    for values in rows:
        row: list = [None] * len(table["columns"])
        given = dict(zip(targets, values))
        for index, (column, kind, serial, *_) in enumerate(table["columns"]):
            if index in given:
                row[index] = _coerce(given[index], kind, column)
            elif serial:
                row[index] = table["next"]
                table["next"] += 1
        _check_row(name, table, row)
        table["rows"].append(row)
    return Result(f"INSERT 0 {len(rows)}")


def _function(p: Parser, db: Database, session: dict):
    """A function or keyword in a select list: (its column name, value, numeric)."""
    word = p.word()
    if word in ("current_user", "session_user", "user"):
        p.take()
        return word if word != "user" else "current_user", session["user"], False
    if word in ("version", "current_database", "now") and p.peek(1)[1] == "(":
        p.take()
        p.expect("(")
        p.expect(")")
        value = {"version": session["version_string"], "current_database": db.name,
                 "now": session["now"]}[word]
        return word, value, False
    return None


def _select(p: Parser, db: Database, session: dict) -> Result:
    p.take()
    items = []  # (kind, detail, pos)
    while True:
        kind, text, pos = p.peek()
        if text == "*":
            p.take()
            items.append(("star", None, pos))
        elif p.word() == "count" and p.peek(1)[1] == "(":
            p.take()
            p.expect("(")
            p.take()
            p.expect(")")
            items.append(("count", None, pos))
        elif kind in ("num", "str"):
            items.append(("value", p.literal(), pos))
        else:
            function = _function(p, db, session)
            if function is not None:
                items.append(("function", function, pos))
            else:
                items.append(("column", p.name()[0], pos))
        if p.accept("as"):
            alias, _ = p.name()
            items[-1] = items[-1] + (alias,)
        if not p.accept(","):
            break
    if not p.accept("from"):
        p.done()
        columns, row, numeric = [], [], []
        for item in items:
            if item[0] in ("star", "column", "count"):
                raise SqlError(f'column "{item[1]}" does not exist', item[2], "42703") \
                    if item[0] == "column" else SqlError("SELECT * with no tables specified is "
                                                         "not valid", item[2])
            name, value, is_num = ((item[1][0], item[1][1], False) if item[0] == "function"
                                   else ("?column?", item[1], isinstance(item[1], (int, float))))
            columns.append(item[3] if len(item) > 3 else name)
            row.append(value)
            numeric.append(is_num)
        return Result("SELECT 1", columns, [row], numeric)
    name, pos = p.name()
    table = db.table(name, pos)
    test = _where(p, table)
    order: List[Tuple[int, bool]] = []
    if p.accept("order"):
        p.expect("by")
        while True:
            column, cpos = p.name()
            descending = p.accept("desc")
            p.accept("asc")
            order.append((_column_index(table, column, cpos), descending))
            if not p.accept(","):
                break
    limit = None
    if p.accept("limit"):
        limit = p.literal()
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise SqlError(f'invalid input syntax for type bigint: "{limit}"', 0, "22P02")
    p.done()
    rows = [row for row in table["rows"] if test(row)]
    for index, descending in reversed(order):
        rows.sort(key=lambda r: (r[index] is None, r[index]), reverse=descending)
    if limit is not None:
        rows = rows[:int(limit)]
    if any(item[0] == "count" for item in items):
        return Result("SELECT 1", ["count"], [[len(rows)]], [True])
    columns, picks, numeric = [], [], []
    for item in items:
        if item[0] == "star":
            for index, column in enumerate(table["columns"]):
                columns.append(column[0])
                picks.append(index)
                numeric.append(column[1].split("(")[0] in NUMERIC)
        elif item[0] == "column":
            index = _column_index(table, item[1], item[2])
            columns.append(item[3] if len(item) > 3 else item[1])
            picks.append(index)
            numeric.append(table["columns"][index][1].split("(")[0] in NUMERIC)
        else:
            raise SqlError("crsim's postgres selects columns, * or count(*) from a table",
                           item[2], "0A000")
    return Result(f"SELECT {len(rows)}", columns, [[row[i] for i in picks] for row in rows],
                  numeric)


def run(sql: str, db: Database, session: dict, cluster) -> Result:
    return execute(Parser(sql), db, session, cluster)
