#!/usr/bin/env python3
"""Writes the demo flood in examples/webhooks: webhook payloads of distinct contributions to one made-up repository,
in the shape of GitHub's webhook documentation (pull_request, issues, issue_comment), numbered in the order
`levee replay examples/webhooks` sends them. Written by the Levee project for the first run; no evaluation data.

Usage: python3 examples/webhooks/generate.py   (rewrites the *.json files beside it)
"""

import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
OWNER, NAME = "parsely-dev", "parsely"
REPO = f"{OWNER}/{NAME}"
API = f"https://api.github.com/repos/{REPO}"
WEB = f"https://github.com/{REPO}"

REPOSITORY = {
    "id": 700100200,
    "node_id": "R_kgDOKbcdEA",
    "name": NAME,
    "full_name": REPO,
    "private": False,
    "owner": {"login": OWNER, "id": 140200300, "type": "Organization", "site_admin": False},
    "html_url": WEB,
    "description": "A small, fast HTTP/1.1 and URL parser in C with Python bindings",
    "fork": False,
    "url": API,
    "default_branch": "main",
    "visibility": "public",
}
INSTALLATION = {"id": 51234567, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNTEyMzQ1Njc="}


def user(login, uid, kind="User"):
    return {
        "login": login,
        "id": uid,
        "node_id": f"U_kgDO{uid:08d}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
        "url": f"https://api.github.com/users/{login}",
        "html_url": f"https://github.com/{login}",
        "type": kind,
        "site_admin": False,
    }


def pull_request(number, title, body, author, association, created, additions, deletions, files, commits,
                 head="main", action="opened", labels=()):
    login, uid = author
    sha = f"{number:04d}" + "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2"[: 40 - 4]
    return {
        "action": action,
        "number": number,
        "pull_request": {
            "url": f"{API}/pulls/{number}",
            "id": 2100000000 + number,
            "node_id": f"PR_kwDOKbcdEM{number:08d}",
            "html_url": f"{WEB}/pull/{number}",
            "diff_url": f"{WEB}/pull/{number}.diff",
            "issue_url": f"{API}/issues/{number}",
            "number": number,
            "state": "open",
            "locked": False,
            "title": title,
            "user": user(login, uid),
            "body": body,
            "created_at": created,
            "updated_at": created,
            "closed_at": None,
            "merged_at": None,
            "labels": [{"name": name, "color": "ededed", "default": False} for name in labels],
            "draft": False,
            "head": {"label": f"{login}:{head}", "ref": head, "sha": sha, "user": user(login, uid),
                     "repo": {"full_name": f"{login}/{NAME}", "fork": True}},
            "base": {"label": f"{OWNER}:main", "ref": "main", "sha": "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
                     "repo": {"full_name": REPO}},
            "author_association": association,
            "merged": False,
            "comments": 0,
            "review_comments": 0,
            "commits": commits,
            "additions": additions,
            "deletions": deletions,
            "changed_files": files,
        },
        "repository": REPOSITORY,
        "installation": INSTALLATION,
        "sender": user(login, uid),
    }


def issue_object(number, title, body, author, association, created, labels=()):
    login, uid = author
    return {
        "url": f"{API}/issues/{number}",
        "repository_url": API,
        "html_url": f"{WEB}/issues/{number}",
        "id": 3100000000 + number,
        "node_id": f"I_kwDOKbcdEM{number:08d}",
        "number": number,
        "title": title,
        "user": user(login, uid),
        "labels": [{"name": name, "color": "ededed", "default": False} for name in labels],
        "state": "open",
        "locked": False,
        "comments": 0,
        "created_at": created,
        "updated_at": created,
        "closed_at": None,
        "author_association": association,
        "body": body,
    }


def issue(number, title, body, author, association, created):
    login, uid = author
    return {
        "action": "opened",
        "issue": issue_object(number, title, body, author, association, created),
        "repository": REPOSITORY,
        "installation": INSTALLATION,
        "sender": user(login, uid),
    }


def comment(number, on_title, on_author, body, author, association, created, is_pull=True):
    login, uid = author
    parent = issue_object(number, on_title, "", on_author, "NONE", "2026-11-30T08:12:44Z")
    if is_pull:
        parent["pull_request"] = {"url": f"{API}/pulls/{number}", "html_url": f"{WEB}/pull/{number}"}
    return {
        "action": "created",
        "issue": parent,
        "comment": {
            "url": f"{API}/issues/comments/{4100000000 + number}",
            "html_url": f"{WEB}/pull/{number}#issuecomment-{4100000000 + number}",
            "issue_url": f"{API}/issues/{number}",
            "id": 4100000000 + number,
            "node_id": f"IC_kwDOKbcdEM{number:08d}",
            "user": user(login, uid),
            "created_at": created,
            "updated_at": created,
            "author_association": association,
            "body": body,
        },
        "repository": REPOSITORY,
        "installation": INSTALLATION,
        "sender": user(login, uid),
    }


MAINTAINER = ("mrodriguez", 5310021)
FIRST_TIMER = ("lin-wei", 90213344)
AGENT_USER = ("devtools-innovator", 198877001)
TYPO = ("cv-builder-2026", 201155002)
HACKTOBER = ("octo-fest-fan", 177330045)
TEMPLATE = ("quickfix-dev", 199002211)
REGULAR = ("annika-s", 2299187)
REPORTER = ("sec-researcher-x", 203300417)
USER = ("pkgmaint-deb", 1188342)
FORK = ("jmoreau", 88123999)

TEMPLATE_UNTOUCHED = """## Description
<!-- Please include a summary of the change and which issue is fixed. -->

Closes #XXXXX

## Type of change
- [ ] Bug fix (non-breaking change which fixes an issue)
- [ ] New feature (non-breaking change which adds functionality)
- [ ] Breaking change

## Checklist
- [ ] I have read the CONTRIBUTING document
- [ ] I have added tests that prove my fix is effective
- [ ] I have updated the documentation
"""

AGENT_BODY = """## Summary

This PR introduces a comprehensive modernization of the parsely codebase, significantly enhancing \
maintainability, robustness, and performance across all modules.

## Key Features

- 🚀 **Enhanced Error Handling**: Implemented a robust, unified error-handling framework across all parsers
- ⚡ **Performance Optimizations**: Streamlined hot paths for improved throughput
- 🛡️ **Improved Security**: Added comprehensive input validation to prevent potential vulnerabilities
- 📚 **Better Documentation**: Added detailed docstrings to every function
- ✅ **Comprehensive Test Coverage**: Added extensive tests to ensure reliability

## Changes Made

- Refactored `src/http_parser.c`, `src/url.c`, `src/headers.c` and 44 other files
- Introduced a new `ParselyResult` abstraction for consistent error propagation
- Replaced manual buffer management with safer abstractions

## Testing

All existing tests pass. The changes are fully backward compatible.

This change makes the codebase more maintainable, scalable and production-ready.

🤖 Generated with [Claude Code](https://claude.ai/code)
"""

FIRST_TIMER_BODY = """Fixes #98.

When the chunk-size line ends exactly at the end of the input buffer, `parse_chunk_size()` reads one byte past it \
(`p[len]`) looking for the LF. The loop bound was `<=` where it should be `<`.

This changes the bound and adds a test that feeds `"4\\r"` and then `"\\nWiki\\r\\n0\\r\\n\\r\\n"` in two calls.

```
$ meson test -C build chunked
1/1 chunked  OK  0.02s
```

Without the fix the new test fails under `-Db_sanitize=address` with a heap-buffer-overflow in \
`parse_chunk_size` (src/chunked.c:87).
"""

REGULAR_BODY = """The URL parser accepted `http://[::1` (no closing bracket) and returned the host `::1`. RFC 3986 \
section 3.2.2 requires the bracket; curl and WHATWG both reject it.

- reject an IPv6 literal without `]` with `PARSELY_ERR_HOST`
- two cases in `test/url_test.c` (unterminated, and `]` followed by garbage)

Follow-up to the discussion in #87.
"""

INVENTED_REPORT = """# Critical Remote Code Execution Vulnerability in parsely

## Summary
A critical heap-based buffer overflow vulnerability exists in the `parsely_parse_headers_secure()` function, \
which can be exploited by a remote attacker to achieve arbitrary code execution. This vulnerability poses a \
severe risk to all applications using parsely.

## Impact
An attacker can completely compromise the confidentiality, integrity and availability of any system using \
parsely. CVSS Score: 9.8 (Critical)

## Technical Details
The function `parsely_parse_headers_secure()` in `src/headers_secure.c` fails to properly validate the length of \
incoming header values before copying them into a fixed-size buffer using `parsely_safe_memcpy()`. This can lead \
to memory corruption.

## Recommendation
It is strongly recommended to implement proper bounds checking and to use safe memory functions. Consider adopting \
a comprehensive security audit of the entire codebase.

I hope this helps improve the security of parsely. Let me know if you need any further information!
"""

PLAIN_ISSUE = """parsely 2.4.1 from Debian trixie (2.4.1-2), Python 3.13.

`parsely.parse_url("http://example.com:99999/")` returns port 34463 instead of raising. The port is parsed into \
a `uint16_t` before the range check.

```
>>> import parsely
>>> parsely.parse_url("http://example.com:99999/").port
34463
```

Expected: `ValueError` as for `:abc`. 2.3.0 raised. I think it came with the switch to `parse_uint16()` in 2.4.0 \
but have not bisected.
"""

AGENT_FOLLOW_UP = """Thank you so much for your valuable feedback! You're absolutely right. I have addressed all of \
the comments and made the following improvements:

- ✅ Enhanced the error handling as suggested
- ✅ Improved the documentation for better clarity
- ✅ Ensured all tests pass

Please let me know if there is anything else you would like me to change. I'm happy to make any further adjustments!
"""

MAINTAINER_REPLY = """Thanks — could you say which tests you ran and paste their output? The CI run on this \
branch fails in `test/headers_test.c`, and the PR still changes 47 files. We take refactors only after an issue \
agreeing on the plan (CONTRIBUTING.md, "Large changes")."""

ITEMS = [
    ("01-first-timer-fix", pull_request(
        101, "chunked: stop reading past the buffer when the size line ends it", FIRST_TIMER_BODY, FIRST_TIMER,
        "FIRST_TIME_CONTRIBUTOR", "2026-11-30T07:41:09Z", 14, 3, 2, 1, head="fix-chunk-size-bound")),
    ("02-agent-drop", pull_request(
        102, "Comprehensive modernization: enhanced error handling, performance optimizations and improved security",
        AGENT_BODY, AGENT_USER, "NONE", "2026-11-30T08:12:44Z", 3214, 1187, 47, 1, head="claude/modernize-codebase")),
    ("03-typo-credit", pull_request(
        103, "Update README.md", "", TYPO, "FIRST_TIME_CONTRIBUTOR", "2026-11-30T09:03:27Z", 1, 1, 1, 1,
        head="patch-1")),
    ("04-hacktoberfest", pull_request(
        104, "Added my name to CONTRIBUTORS #hacktoberfest",
        "Hi! Please merge and add the `hacktoberfest-accepted` label. Thanks!", HACKTOBER, "FIRST_TIME_CONTRIBUTOR",
        "2026-11-30T09:27:51Z", 1, 0, 1, 1, head="patch-1")),
    ("05-template-untouched", pull_request(
        105, "Fix bug", TEMPLATE_UNTOUCHED, TEMPLATE, "NONE", "2026-11-30T10:15:02Z", 6, 2, 1, 1, head="patch-2")),
    ("06-known-contributor", pull_request(
        106, "url: reject an IPv6 literal without its closing bracket", REGULAR_BODY, REGULAR, "CONTRIBUTOR",
        "2026-11-30T11:02:38Z", 31, 4, 2, 2, head="ipv6-bracket")),
    ("07-invented-function-report", issue(
        107, "Critical: Remote Code Execution via heap overflow in parsely_parse_headers_secure()", INVENTED_REPORT,
        REPORTER, "NONE", "2026-11-30T11:48:19Z")),
    ("08-plain-bug-report", issue(
        108, "parse_url accepts port 99999 and wraps it to 34463", PLAIN_ISSUE, USER, "NONE",
        "2026-11-30T12:30:55Z")),
    ("09-fork-merged-by-mistake", pull_request(
        109, "Merge pull request #1 from jmoreau/docs-typos", "", FORK, "NONE", "2026-11-30T13:05:10Z", 212, 96, 14,
        9, head="main")),
    ("10-maintainer-asks", comment(
        102, "Comprehensive modernization: enhanced error handling, performance optimizations and improved security",
        AGENT_USER, MAINTAINER_REPLY, MAINTAINER, "MEMBER", "2026-11-30T14:20:00Z")),
    ("11-agent-replies", comment(
        102, "Comprehensive modernization: enhanced error handling, performance optimizations and improved security",
        AGENT_USER, AGENT_FOLLOW_UP, AGENT_USER, "NONE", "2026-11-30T14:22:31Z")),
    ("12-agent-pushes-again", pull_request(
        102, "Comprehensive modernization: enhanced error handling, performance optimizations and improved security",
        AGENT_BODY, AGENT_USER, "NONE", "2026-11-30T08:12:44Z", 3390, 1201, 48, 2, head="claude/modernize-codebase",
        action="synchronize")),
]

if __name__ == "__main__":
    for old in HERE.glob("*.json"):
        old.unlink()
    for name, payload in ITEMS:
        (HERE / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(ITEMS)} payloads to {HERE}")
