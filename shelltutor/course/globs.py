"""The globs of directory checks (`none_match`, `each`): `*` and `?` within a name, `**/` across directories."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache


class GlobError(ValueError):
    """A glob that cannot be read (an unclosed `[`, a `..`); `offset` is where, in the glob."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@lru_cache(maxsize=256)
def compile_glob(glob: str) -> tuple[re.Pattern[str], bool]:
    """(a pattern over a path relative to the directory, whether it is matched against names only).

    A glob without `/` (`*.tmp`) is matched against the last name of every path, at any depth; one with `/`
    (`runs/*/config.yaml`, `**/*.ckpt`) against the whole path below the directory. GlobError when unreadable.
    """
    if not glob or not glob.strip("/"):
        raise GlobError("a glob needs a name to match, e.g. '*.tmp'")
    if ".." in glob.split("/"):
        raise GlobError("a glob may not climb with '..': it matches paths below the directory", glob.find(".."))
    body = glob.strip("/")
    names_only = "/" not in body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if body.startswith("**/", i) and (i == 0 or body[i - 1] == "/"):
            out.append("(?:[^/]+/)*")
            i += 3
        elif body.startswith("**", i) and i + 2 == len(body) and (i == 0 or body[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = body.find("]", i + 2 if body[i + 1 : i + 2] in ("!", "^") else i + 1)
            if end < 0:
                raise GlobError("the '[' is never closed with ']'", i)
            inside = body[i + 1 : end]
            negate = inside[:1] in ("!", "^")
            inside = inside[1:] if negate else inside
            if "/" in inside:
                raise GlobError("a '[…]' cannot match '/'", i)
            escaped = inside.replace("\\", "\\\\").replace("[", "\\[")
            out.append(f"[{'^/' if negate else ''}{escaped}]")
            i = end + 1
        else:
            out.append(re.escape(ch))
            i += 1
    try:
        return re.compile("".join(out) + r"\Z", re.DOTALL), names_only
    except re.error as error:  # a range such as [z-a]
        raise GlobError(f"the glob cannot be read: {error}") from None


def glob_matches(glob: str, path: str) -> bool:
    """Whether `path` (relative to the directory, '/'-separated) matches `glob`."""
    pattern, names_only = compile_glob(glob)
    return pattern.match(posixpath.basename(path) if names_only else path) is not None
