"""A small VT100 screen for tests: what a terminal would show after some output."""

import re

SEQUENCE = re.compile(r"\x1b\[([?0-9;]*)([A-Za-z])|\x1b[()][0-9A-Za-z]|\x1b[M=>]|\r|\n|\x08|\x07|[^\x1b\r\n\x08\x07]")


class Screen:
    def __init__(self, rows=10, columns=40):
        self.rows, self.columns = rows, columns
        self.lines = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self.reverse = set()  # (row, column) cells shown in reverse video
        self._inverse = False
        self.alternate = False

    def feed(self, text):
        for match in SEQUENCE.finditer(text):
            token = match.group(0)
            if match.group(2):
                self._escape(match.group(1), match.group(2))
            elif token == "\r":
                self.column = 0
            elif token == "\n":  # the line discipline's onlcr (opost) makes it \r\n
                self._next_line()
            elif token == "\x1bM":  # reverse index: at the top the screen scrolls down
                if self.row == 0:
                    self.lines = [[" "] * self.columns] + self.lines[:-1]
                    self.reverse = {(r + 1, c) for r, c in self.reverse if r + 1 < self.rows}
                else:
                    self.row -= 1
            elif token == "\x08":
                self.column = max(0, self.column - 1)
            elif token in ("\x07",) or token.startswith("\x1b"):
                pass
            else:
                if self.column >= self.columns:  # xterm's auto-wrap, at the next character
                    self._next_line()
                if self.column < self.columns:
                    self.lines[self.row][self.column] = token
                    (self.reverse.add if self._inverse else self.reverse.discard)((self.row, self.column))
                self.column += 1
        return self

    def _next_line(self):
        if self.row == self.rows - 1:  # at the bottom the screen scrolls up
            self.lines = self.lines[1:] + [[" "] * self.columns]
            self.reverse = {(r - 1, c) for r, c in self.reverse if r > 0}
        self.row, self.column = min(self.rows - 1, self.row + 1), 0

    def _escape(self, params, final):
        numbers = [int(n) if n.isdigit() else 0 for n in params.lstrip("?").split(";")] if params else []
        if final == "H":
            row, column = (numbers + [1, 1])[:2]  # (clamped to the screen, as xterm does)
            self.row = min(self.rows, max(1, row)) - 1
            self.column = min(self.columns, max(1, column)) - 1
        elif final == "J" and numbers == [2]:
            self.lines = [[" "] * self.columns for _ in range(self.rows)]
            self.reverse = set()
        elif final == "J":
            for r in range(self.row, self.rows):
                start = self.column if r == self.row else 0
                self.lines[r][start:] = [" "] * (self.columns - start)
                self.reverse = {(row, c) for row, c in self.reverse if row != r or c < start}
        elif final == "K":
            self.lines[self.row][self.column:] = [" "] * (self.columns - self.column)
            self.reverse = {(r, c) for r, c in self.reverse if r != self.row or c < self.column}
        elif final == "m":
            if not numbers or 0 in numbers or 27 in numbers:
                self._inverse = False
            elif 7 in numbers:
                self._inverse = True
        elif final in "hl" and params.startswith("?1049"):
            self.alternate = final == "h"

    def text(self):
        return "\n".join("".join(line).rstrip() for line in self.lines)

    def line(self, row):
        return "".join(self.lines[row]).rstrip()

    @property
    def cursor(self):
        return self.row + 1, self.column + 1
