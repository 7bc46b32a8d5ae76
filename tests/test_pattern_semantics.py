"""Pattern semantics: exactly GitHub's CODEOWNERS semantics (DESIGN.md section 3.4).

Table-driven.  Every case is ``(pattern, path, expected)``: does the pattern, as
written in a CODEOWNERS file (escapes still present), match the repository file
path (relative, no leading slash, '/'-separated, always a file)?

Sources, cited per group:

* [GH-DOCS] GitHub Docs, "About code owners", section "CODEOWNERS syntax", the
  example CODEOWNERS file and "Syntax exceptions"
  (docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/
  customizing-your-repository/about-code-owners; source in github/docs
  content/repositories/.../about-code-owners.md).  Also its statement that
  CODEOWNERS paths are case sensitive.
* [HMARR] hmarr/codeowners (Go), testdata/patterns.json driven by match_test.go.
* [SBDCHD] sbdchd/codeowners (Python), codeowners/test_codeowners.py (a copy of
  hmarr's table plus GitHub-doc cases, escaped spaces, regex metacharacters),
  and its issues #28 (lone "/"), #32/#44 ("docs/*" must not match nested files).
* [GH-REPORTS] user reports of GitHub's observed behaviour:
  jjmschofield/github-codeowners#27 (tested on GitHub: "/foo/*" and "/foo/b*"
  give no owner to "foo/bar/baz.txt"); hairyhenderson/go-codeowners#9 and
  mszostok/codeowners-validator#71 ("\\ " escapes a space, accepted by GitHub);
  andrewring/github-distributed-owners#18 (the root "/" is not a catch-all).
* [GITIGNORE] git-scm.com/docs/gitignore "PATTERN FORMAT", which CODEOWNERS
  follows "with some exceptions".
* [AZURE] Azure/azure-sdk-tools pull requests 5308 ("Fix suffix `*` handling in
  our CODEOWNERS path matcher") and 5330 (the matcher made "a strict subset of
  GitHub's"): manual tests against GitHub, in which a suffix `*` such as `/foo*`
  matches everything beneath a directory of a fitting name.
* [PYPI] the PyPI `codeowners` package (sbdchd/codeowners 0.9, `path_to_regex`, a
  port of hmarr's match.go): only a trailing `/*` is "no subdirectories"; every
  other pattern ends in "end of path or /", so it matches through a directory.
* [BITWARDEN] bitwarden/server's .github/CODEOWNERS (tests/data/codeowners/bitwarden__server):
  lines 100-108 give `**/*Platform*` and `**/Pam*` whole folders and then carve
  single files and a folder out of them (`src/Core/Platform/Push/PushType.cs`,
  `src/Sql/dbo/Pam`): its authors rely on such patterns matching directories.

Cases where GitHub's behaviour departs from plain gitignore (as checked with
``git check-ignore``) carry the comment ``# differs from gitignore``.  Cases whose
GitHub behaviour is not documented carry ``# DOUBTFUL:`` with the reasoning.

Facts are taken from the sources above; the code and the tables are our own.
"""

from __future__ import annotations

import pytest

from ownlint.errors import PatternError, PatternProblem
from ownlint.matching.patterns import parse_pattern
from tests.reference_matcher import RuleMatcher, available_backends

# ---------------------------------------------------------------------------
# 1. The example file of GitHub's documentation                        [GH-DOCS]
#    (plus the surrounding prose: "docs/*" is not recursive, "apps/" anywhere,
#    "/docs/" at the root and below, "**/logs" at any depth)
# ---------------------------------------------------------------------------
GITHUB_DOCS = [
    # "*  @global-owner1 @global-owner2": default owners for everything
    ("*", "README.md", True),
    ("*", "some/deeply/nested/file.rb", True),
    ("*", ".github/workflows/ci.yml", True),
    ("*", ".gitignore", True),
    # "*.js  @js-owner": every .js file, at any depth
    ("*.js", "app.js", True),
    ("*.js", "src/app.js", True),
    ("*.js", "src/components/deep/app.js", True),
    ("*.js", "app.jsx", False),
    ("*.js", "app.js.map", False),
    ("*.js", "src/appjs", False),
    ("*.go", "main.go", True),
    ("*.go", "cmd/tool/main.go", True),
    ("*.go", "forgo", False),
    ("*.txt", "notes/todo.txt", True),
    # "/build/logs/": the build/logs directory at the root and its subdirectories
    ("/build/logs/", "build/logs/out.log", True),
    ("/build/logs/", "build/logs/2024/01/out.log", True),
    ("/build/logs/", "build/logs", False),  # a file named logs is not the directory
    ("/build/logs/", "src/build/logs/out.log", False),
    ("/build/logs/", "build/logs.txt", False),
    ("/build/logs/", "build/logsx/out.log", False),
    # "docs/*": docs/getting-started.md but not docs/build-app/troubleshooting.md
    ("docs/*", "docs/getting-started.md", True),
    ("docs/*", "docs/build-app/troubleshooting.md", False),  # differs from gitignore
    ("docs/*", "docs/a/b/c.md", False),  # differs from gitignore
    ("docs/*", "src/docs/getting-started.md", False),  # a middle slash anchors
    ("docs/*", "docs", False),
    # "apps/": any file in an apps directory anywhere in the repository
    ("apps/", "apps/index.js", True),
    ("apps/", "apps/web/src/index.js", True),
    ("apps/", "src/apps/index.js", True),
    ("apps/", "a/b/c/apps/d/e.js", True),
    ("apps/", "apps", False),
    ("apps/", "myapps/index.js", False),
    ("apps/", "apps.js", False),
    ("apps/", "appsbarbuzz", False),
    # "/docs/": the docs directory at the root and any of its subdirectories
    ("/docs/", "docs/getting-started.md", True),
    ("/docs/", "docs/build-app/troubleshooting.md", True),
    ("/docs/", "src/docs/getting-started.md", False),
    ("/docs/", "docs_for_other_stuff/a.md", False),
    ("/scripts/", "scripts/deploy.sh", True),
    ("/scripts/", "tools/scripts/deploy.sh", False),
    # "**/logs": a logs directory such as /build/logs, /scripts/logs,
    # /deeply/nested/logs
    ("**/logs", "build/logs/out.txt", True),
    ("**/logs", "scripts/logs/out.txt", True),
    ("**/logs", "deeply/nested/logs/out.txt", True),
    ("**/logs", "logs/out.txt", True),
    ("**/logs", "build/logs", True),  # a file named logs matches too
    ("**/logs", "build/mylogs/out.txt", False),
    ("**/logs", "build/logs.txt", False),
    # "/apps/github" (owner-less) carves the apps/github subdirectory out of
    # "/apps/": a pattern without a trailing slash covers a directory's contents
    ("/apps/github", "apps/github/index.js", True),
    ("/apps/github", "apps/github/deep/x.rb", True),
    ("/apps/github", "apps/github", True),
    ("/apps/github", "apps/githubber/index.js", False),
    ("/apps/github", "apps/main/index.js", False),
]

# ---------------------------------------------------------------------------
# 2. No slash: the name matches a file or directory at any depth
#    [HMARR "single-segment pattern"] [GITIGNORE "otherwise the pattern may also
#    match at any level"]
# ---------------------------------------------------------------------------
NO_SLASH = [
    ("foo", "foo", True),
    ("foo", "a/foo", True),
    ("foo", "a/b/foo", True),
    ("foo", "foo/bar.txt", True),
    ("foo", "a/foo/bar.txt", True),
    ("foo", "a/foo/b/c.txt", True),
    ("foo", "foo.txt", False),
    ("foo", "a/foo.txt", False),
    ("foo", "afoo", False),
    ("foo", "foobar/x.txt", False),
    ("foo", "bar/baz", False),
    ("README.md", "README.md", True),
    ("README.md", "docs/README.md", True),
    ("README.md", "README.md.bak", False),
    (".github", ".github/workflows/ci.yml", True),
    (".github", "sub/.github/CODEOWNERS", True),
]

# ---------------------------------------------------------------------------
# 3. Leading slash anchors at the repository root; anchored files
#    [HMARR "single-segment pattern with leading slash"] [GH-DOCS "/build/logs/"]
# ---------------------------------------------------------------------------
ANCHORED = [
    ("/foo", "foo", True),
    ("/foo", "foo/bar", True),
    ("/foo", "foo/bar/baz", True),
    ("/foo", "bar/foo", False),
    ("/foo", "bar/foo/baz", False),
    ("/foo", "fool.txt", False),
    ("/foo", "foo.txt", False),
    ("/README.md", "README.md", True),
    ("/README.md", "docs/README.md", False),
    ("/Makefile", "Makefile", True),
    ("/Makefile", "sub/Makefile", False),
    ("/src/main.py", "src/main.py", True),
    ("/src/main.py", "lib/src/main.py", False),
    ("/src/main.py", "src/main.pyc", False),
]

# ---------------------------------------------------------------------------
# 4. A slash in the middle anchors exactly like a leading slash
#    (docs/a == /docs/a)  [HMARR "multi-segment (implicitly left-anchored)
#    pattern"] [GITIGNORE "separator at the beginning or middle"]
# ---------------------------------------------------------------------------
MIDDLE_SLASH = [
    ("foo/bar", "foo/bar", True),
    ("foo/bar", "foo/bar/baz", True),
    ("foo/bar", "foo/bar/baz/qux.txt", True),
    ("foo/bar", "foo/bart", False),
    ("foo/bar", "baz/foo/bar", False),
    ("foo/bar", "baz/foo/bar/qux", False),
    ("/foo/bar", "foo/bar", True),
    ("/foo/bar", "foo/bar/baz", True),
    ("/foo/bar", "baz/foo/bar", False),
    ("docs/a", "docs/a", True),
    ("docs/a", "docs/a/b.md", True),
    ("docs/a", "x/docs/a", False),
    ("docs/a", "x/docs/a/b.md", False),
    ("src/main.py", "src/main.py", True),
    ("src/main.py", "lib/src/main.py", False),
]

# ---------------------------------------------------------------------------
# 5. Trailing slash: a directory and everything under it, never a file of that
#    name  [HMARR "... with trailing slash"] [GH-DOCS "apps/", "/docs/"]
# ---------------------------------------------------------------------------
TRAILING_SLASH = [
    ("foo/", "foo", False),
    ("foo/", "foo/bar", True),
    ("foo/", "foo/bar/baz", True),
    ("foo/", "bar/foo", False),
    ("foo/", "bar/foo/baz", True),
    ("foo/", "bar/foo/baz/qux", True),
    ("foo/", "foobar/baz", False),
    ("/foo/", "foo/bar", True),
    ("/foo/", "foo/bar/baz", True),
    ("/foo/", "bar/foo/baz", False),
    ("foo/bar/", "foo/bar", False),
    ("foo/bar/", "foo/bar/baz", True),
    ("foo/bar/", "foo/bar/baz/qux", True),
    ("foo/bar/", "baz/foo/bar/qux", False),  # a middle slash anchors
    ("/foo/bar/", "foo/bar/baz", True),
    ("/foo/bar/", "baz/foo/bar/qux", False),
]

# ---------------------------------------------------------------------------
# 6. "*" never crosses "/"; "dir/*" is the direct children only
#    [GH-DOCS "docs/*"] [HMARR "/*", "foo/*", "foo/*.txt", "foo/*/baz"]
#    [GH-REPORTS jjmschofield/github-codeowners#27]
# ---------------------------------------------------------------------------
SINGLE_STAR = [
    ("/*", "README.md", True),
    ("/*", "foo", True),
    ("/*", "foo/bar", False),  # differs from gitignore
    ("/*", "foo/bar/baz", False),  # differs from gitignore
    ("foo/*", "foo/bar", True),
    ("foo/*", "foo/bar/baz", False),  # differs from gitignore
    ("foo/*", "foo", False),
    ("foo/*", "bar/foo/baz", False),
    ("/foo/*", "foo/bar.txt", True),
    ("/foo/*", "foo/bar/baz.txt", False),  # differs from gitignore
    ("foo/*.txt", "foo/bar.txt", True),
    ("foo/*.txt", "foo/.txt", True),  # "*" may match nothing
    ("foo/*.txt", "foo/bar/baz.txt", False),
    ("foo/*.txt", "qux/foo/bar.txt", False),
    ("foo/*.txt", "foo/bar.txt.bak", False),
    # Only a last segment that is exactly "*" is files-only; "/foo/b*" and "/f*"
    # match a directory of a fitting name and everything beneath it: see
    # LAST_SEGMENT_WILDCARDS below for the sources.
    ("/foo/b*", "foo/bar.txt", True),
    ("/f*", "foo", True),
    ("/f*", "bar/foo", False),
    ("f*", "foo", True),
    ("f*", "bar/foo", True),
    ("f*", "bar/baz", False),
    ("f*", "xfoo", False),
    # a "*" segment in the middle stands for exactly one directory; the literal
    # last segment then matches a file or a directory
    ("foo/*/baz", "foo/bar/baz", True),
    ("foo/*/baz", "foo/bar/baz/qux", True),
    ("foo/*/baz", "foo/baz", False),
    ("foo/*/baz", "foo/a/b/baz", False),
    ("/*/", "foo/bar", True),
    ("/*/", "foo/bar/baz", True),
    ("/*/", "foo", False),
    ("/f*/", "foo/bar", True),
    ("/f*/", "bar/foo/baz", False),
    ("f*/", "bar/foo/baz", True),
    ("f*/", "foo", False),
]

# ---------------------------------------------------------------------------
# 7. "**" spans zero or more directories
#    [GH-DOCS "**/logs"] [HMARR "leading/trailing/middle double-asterisk"]
#    [GITIGNORE "Two consecutive asterisks"]
# ---------------------------------------------------------------------------
DOUBLE_STAR = [
    ("**", "a", True),
    ("**", "a/b/c.txt", True),
    # DOUBTFUL: "/**" is undocumented by GitHub; gitignore and hmarr both match
    # everything.
    ("/**", "a", True),
    ("/**", "a/b/c.txt", True),
    ("**/foo", "foo", True),
    ("**/foo", "a/foo", True),
    ("**/foo", "a/b/foo/c.txt", True),
    ("**/foo", "a/foobar", False),
    ("**/foo/bar", "foo/bar", True),
    ("**/foo/bar", "qux/foo/bar", True),
    ("**/foo/bar", "qux/foo/bar/baz", True),
    ("**/foo/bar", "foo/baz/bar", False),
    ("**/foo/bar", "qux/foo/baz/bar", False),
    ("foo/**", "foo/a", True),
    ("foo/**", "foo/a/b/c", True),
    ("foo/**", "foo", False),
    ("foo/**", "x/foo/a", False),
    ("foo/bar/**", "foo/bar", False),
    ("foo/bar/**", "foo/bar/baz", True),
    ("foo/bar/**", "foo/bar/baz/qux", True),
    ("foo/bar/**", "qux/foo/bar/baz", False),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/b", True),
    ("a/**/b", "a/x/y/z/b", True),
    ("a/**/b", "a/x/b/c.txt", True),
    ("a/**/b", "a/xb", False),
    ("a/**/b", "q/a/x/b", False),
    ("a/**/b", "a/x/bb", False),
    ("**/*bar*", "bar", True),
    ("**/*bar*", "foo/rebar", True),
    ("**/*bar*", "foo/barrio", True),
    ("**/*bar*", "foo/qux/bar", True),
    ("**/*.md", "README.md", True),
    ("**/*.md", "a/b/README.md", True),
    ("**/dir/*.*", "bla/dir/file.txt", True),
    # a wildcard last segment other than "*" matches the directory sub.d, as in
    # gitignore (LAST_SEGMENT_WILDCARDS)
    ("**/dir/*.*", "bla/dir/sub.d/file.txt", True),
    ("**/dir/*.*", "bla/dir/sub/file.txt", False),
    ("**/dir/**/*.*", "bla/dir/file.txt", True),
    ("**/dir/**/*.*", "bla/dir/sub/file.txt", True),
    ("foo/**/bar/b*", "foo/bar/baz", True),
    ("foo/**/bar/b*", "foo/qux/bar/baz", True),
    ("foo/**/bar/b*", "foo/bar/qux", False),
    # DOUBTFUL: hmarr's newer table says "foo/**/" matches the file foo/bar, an
    # older copy (sbdchd) and gitignore say it does not: "foo/**/" names the
    # directories below foo, and foo/bar is a file.  We follow gitignore.
    ("foo/**/", "foo/bar", False),
    ("foo/**/", "foo/bar/baz", True),
    ("foo/**/", "foo", False),
]

# ---------------------------------------------------------------------------
# 7b. A wildcard in the last segment: only a last segment that is exactly "*"
#     is files-only (GitHub documents that for "docs/*" alone); any other
#     wildcard segment that matches a directory's name matches everything
#     beneath it, as in gitignore.  [AZURE] [PYPI] [BITWARDEN] [GITIGNORE]
#     DOUBTFUL: jjmschofield/github-codeowners#27 (2020) reported that GitHub
#     gave no owner to foo/bar/baz.txt for "/foo/b*"; the later manual tests of
#     [AZURE] (2023) found a suffix "*" matching beneath, and [BITWARDEN] depends
#     on it.  We follow the later evidence.
# ---------------------------------------------------------------------------
LAST_SEGMENT_WILDCARDS = [
    ("/foo/b*", "foo/bar/baz.txt", True),  # [AZURE] a suffix "*" reaches beneath
    ("/foo/b*", "foo/baz/a/b/c.txt", True),
    ("/foo/b*", "foo/qux/bar.txt", False),
    ("/f*", "foo/bar", True),  # [AZURE] "/foo*"
    ("/f*", "foo/bar/baz", True),
    ("/f*", "bar/foo/baz", False),
    ("**/Pam*", "src/Pam/Api/Endpoint.cs", True),  # [BITWARDEN] line 106
    ("**/Pam*", "bitwarden_license/src/Services/Pam/Api/Models/M.cs", True),
    ("**/Pam*", "src/PamTools.cs", True),
    ("**/Pam*", "src/Spam/x.cs", False),
    ("**/*Platform*", "src/Core/Platform/Push/PushType.cs", True),  # [BITWARDEN] line 100
    ("**/*Platform*", "test/Core.Test/Platform/Installations/a.cs", True),
    ("**/*Platform*", "src/Core/Platforms.cs", True),
    ("**/*Platform*", "src/Core/platform/a.cs", False),  # case-sensitive
    ("/docs/*.md", "docs/a.md", True),
    ("/docs/*.md", "docs/old.md/a.txt", True),  # a directory named *.md
    ("/docs/*.md", "docs/sub/a.md", False),  # "*" never crosses "/"
    ("/docs/?", "docs/a/b.txt", True),  # "?" is a wildcard too
    ("/docs/?", "docs/ab/c.txt", False),
    ("a/*b", "a/xb/c/d.txt", True),  # [PYPI] only a trailing "/*" is files-only
    ("a/*b", "a/xb", True),
    ("**/*.d", "x/conf.d/y.conf", True),  # [GITIGNORE] "*.d" names the directory too
    # the files-only rule stays for a last segment that is exactly "*"  [GH-DOCS]
    ("/docs/*", "docs/a/b.md", False),  # differs from gitignore
    ("/docs/*", "docs/a.md", True),
    ("**/x/*", "y/x/z/w.txt", False),  # differs from gitignore
    ("**/x/*", "y/x/z.txt", True),
]

# ---------------------------------------------------------------------------
# 8. "?" is exactly one character, never "/"
#    [HMARR "single segment pattern with single-character wildcard"]
#    [GITIGNORE "The character ? matches any one character except /"]
# ---------------------------------------------------------------------------
QUESTION_MARK = [
    ("f?o", "foo", True),
    ("f?o", "a/fxo", True),
    ("f?o", "fo", False),
    ("f?o", "fooo", False),
    ("f?o", "f/o", False),
    ("v?.txt", "v1.txt", True),
    ("v?.txt", "v10.txt", False),
    ("/docs/?.md", "docs/a.md", True),
    ("/docs/?.md", "docs/ab.md", False),
]

# ---------------------------------------------------------------------------
# 9. Extension patterns match in every directory  [GH-DOCS "*.js", "*.txt"]
#    [SBDCHD "go files", "js files"]
# ---------------------------------------------------------------------------
EXTENSIONS = [
    ("*.md", "README.md", True),
    ("*.md", "docs/guide.md", True),
    ("*.md", "a/b/c/d/e.md", True),
    ("*.md", "README.mdx", False),
    ("*.md", "md", False),
    ("*.md", "docs/md/readme.txt", False),
    ("/*.md", "README.md", True),
    ("/*.md", "docs/README.md", False),
    ("*.tar.gz", "dist/pkg-1.0.tar.gz", True),
    ("*.tar.gz", "dist/pkg-1.0.tgz", False),
]

# ---------------------------------------------------------------------------
# 10. Escapes: "\ " is a space, "\*" and "\?" are literal
#     [GH-REPORTS hairyhenderson/go-codeowners#9, mszostok/codeowners-validator#71]
#     [SBDCHD "spaces in dir name", "spaces in file name", "escaping str"]
#     [HMARR "escaped wildcard", "escaped single-character wildcard"]
# ---------------------------------------------------------------------------
ESCAPES = [
    (r"foo/b\ ar.py", "foo/b ar.py", True),
    (r"foo/b\ ar.py", "foo/bar.py", False),
    (r"foo/b\ ar.py", r"foo/b\ ar.py", False),
    (r"/Testing/Path\ With\ Space.cs", "Testing/Path With Space.cs", True),
    (r"/Testing/Path\ With\ Space.cs", "Testing/PathWithSpace.cs", False),
    (r"foo/b\ ar/", "foo/b ar/baz", True),
    (r"foo/b\ ar/", "foo/b ar", False),
    (r"foo/b\ ar/", "foo/bar/baz", False),
    (r"/whitespace\ test/", "whitespace test/test.py", True),
    (r"my\ file.txt", "deep/dir/my file.txt", True),
    (r"f\*o", "f*o", True),
    (r"f\*o", "foo", False),
    (r"f\?o", "f?o", True),
    (r"f\?o", "foo", False),
    (r"\*-foo.js", "*-foo.js", True),
    (r"\*-foo.js", "bar-foo.js", False),
]

# ---------------------------------------------------------------------------
# 11. Case sensitivity: "CODEOWNERS paths are case sensitive" [GH-DOCS]
# ---------------------------------------------------------------------------
CASE = [
    ("Docs/", "docs/x.md", False),
    ("Docs/", "Docs/x.md", True),
    ("/docs/", "DOCS/x.md", False),
    ("*.MD", "readme.md", False),
    ("*.md", "README.MD", False),
    ("/README.md", "readme.md", False),
    ("Makefile", "makefile", False),
]

# ---------------------------------------------------------------------------
# 12. Literal characters: dots, regex and brace metacharacters are literal
#     [SBDCHD "$", "broken regex capture group", "plus", "regex like char
#     group", "caret", "inner splat"]
# ---------------------------------------------------------------------------
LITERALS = [
    ("a.b", "a.b", True),
    ("a.b", "axb", False),
    ("*.js", "fooXjs", False),
    ("/.github/", ".github/CODEOWNERS", True),
    ("/.github/", "xgithub/CODEOWNERS", False),
    ("bar/buzz$private$file.txt", "bar/buzz$private$file.txt", True),
    ("foo(.txt", "foo(.txt", True),
    ("bar).txt", "bar).txt", True),
    ("bar+foo.log", "bar+foo.log", True),
    ("bar+foo.log", "barrfoo.log", False),
    ("bar^foo.log", "bar^foo.log", True),
    ("bar{foo}.log", "bar{foo}.log", True),  # no brace expansion
    ("bar{foo}.log", "barfoo.log", False),
    ("bar{a,b}.log", "bara.log", False),  # no brace expansion
    ("a|b", "a|b", True),
    ("a|b", "a", False),
    ("test*10.txt", "test*10.txt", True),
    ("test*10.txt", "testtttt10.txt", True),
    ("foo!bar", "foo!bar", True),  # "!" is only special at the start
    ("a#b", "a#b", True),  # "#" is only a comment at the start of a line
]

# ---------------------------------------------------------------------------
# 13. Unicode names are plain characters  [GITIGNORE; no GitHub statement]
# ---------------------------------------------------------------------------
UNICODE = [
    ("/docs/日本語/", "docs/日本語/index.md", True),
    ("/docs/日本語/", "docs/日本/index.md", False),
    ("résumé.txt", "people/résumé.txt", True),
    ("résumé.txt", "people/resume.txt", False),
    ("*.café", "menu/lunch.café", True),
    # DOUBTFUL: "?" is one character, not one byte (gitignore/wildmatch works on
    # bytes and would need "??" for the two-byte "é").  GitHub undocumented;
    # hmarr (Go regexp) and Python regexps work on characters.  We choose one
    # character.
    ("caf?.txt", "café.txt", True),  # differs from gitignore
    ("naïve/", "src/naïve/a.py", True),
]

TOPICS = {
    "github_docs": GITHUB_DOCS,
    "no_slash": NO_SLASH,
    "anchored": ANCHORED,
    "middle_slash": MIDDLE_SLASH,
    "trailing_slash": TRAILING_SLASH,
    "single_star": SINGLE_STAR,
    "double_star": DOUBLE_STAR,
    "last_segment_wildcards": LAST_SEGMENT_WILDCARDS,
    "question_mark": QUESTION_MARK,
    "extensions": EXTENSIONS,
    "escapes": ESCAPES,
    "case": CASE,
    "literals": LITERALS,
    "unicode": UNICODE,
}

ALL_CASES = [(topic, *case) for topic, cases in TOPICS.items() for case in cases]


def _case_id(case):
    topic, pattern, path, expected = case
    return f"{topic}:{pattern!r}~{path!r}={'Y' if expected else 'N'}"


@pytest.mark.parametrize("topic, pattern, path, expected", ALL_CASES, ids=[_case_id(c) for c in ALL_CASES])
def test_pattern_matches(topic, pattern, path, expected):
    assert parse_pattern(pattern).matches(path) is expected


def test_table_is_well_formed():
    # the tables themselves: paths are repository file paths, no duplicates
    seen = set()
    for topic, pattern, path, expected in ALL_CASES:
        assert isinstance(expected, bool)
        assert path and not path.startswith("/") and not path.endswith("/"), (topic, path)
        assert (pattern, path) not in seen, (pattern, path)
        seen.add((pattern, path))
    assert len(ALL_CASES) >= 120


# ---------------------------------------------------------------------------
# Equivalences: a middle slash anchors like a leading slash; "dir" without a
# trailing slash covers the directory's contents like "dir/" (and the file).
# ---------------------------------------------------------------------------
EQUIVALENCE_PATHS = [
    "docs/a", "docs/a/b.md", "docs/a/b/c.md", "x/docs/a", "x/docs/a/b.md",
    "docs/ab", "docs", "a", "docs/x/a",
]


@pytest.mark.parametrize("left, right", [("docs/a", "/docs/a"), ("docs/a/", "/docs/a/"), ("a/**/b", "/a/**/b")])
def test_middle_slash_is_anchored_like_leading_slash(left, right):
    lp, rp = parse_pattern(left), parse_pattern(right)
    for path in EQUIVALENCE_PATHS + ["a/b", "a/x/b", "q/a/b"]:
        assert lp.matches(path) is rp.matches(path), path


# ---------------------------------------------------------------------------
# Invalid patterns: syntax GitHub does not support is an error, never given a
# gitignore meaning.  [GH-DOCS "Syntax exceptions": escaping a pattern starting
# with "#" using "\", "!" negation, "[ ]" character ranges]
# (pattern, column of the offending character (1-based), fragment expected in
# the message, compared case-insensitively)
# ---------------------------------------------------------------------------
INVALID = [
    ("!foo", 1, "negat"),
    ("!/docs/", 1, "negat"),
    ("!*.js", 1, "negat"),
    ("[ab]", 1, "range"),
    ("foo[ab].txt", 4, "range"),
    ("src/*.[ch]", 7, "range"),
    ("/docs/[Rr]eadme.md", 7, "range"),
    ("file[0-9].log", 5, "range"),
    # DOUBTFUL: an unterminated "[" is no range at all in gitignore, but a "["
    # that starts a class is exactly what GitHub rejects; we reject it too.
    ("foo[bar.js", 4, "range"),
    # the escape "\" of "\#" is the offending character, hence column 1
    # DOUBTFUL: one could argue for column 2 (the "#"); we point at the "\".
    (r"\#foo", 1, "#"),
    (r"\#", 1, "#"),
    # 14. Lone "/": GitHub's own validation reports the line ("The pattern `/` will
    # never match anything, did you mean `*` instead?", the errors GitHub lists
    # on a CODEOWNERS file's page) [GH-REPORTS andrewring/github-distributed-owners#18:
    # the root cannot be a catch-all] [HMARR match.go: "/" matches nothing]
    # [SBDCHD issue #28]. pathspec's gitignore patterns would match everything.
    ("/", 1, "never match anything"),
]


@pytest.mark.parametrize("pattern, column, fragment", INVALID, ids=[i[0] for i in INVALID])
def test_invalid_pattern(pattern, column, fragment):
    with pytest.raises(PatternError) as info:
        parse_pattern(pattern)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.column == column
    assert fragment.lower() in str(err).lower()
    assert err.kind in PatternProblem


@pytest.mark.parametrize(
    "pattern, kind",
    [("!foo", "NEGATION"), ("[ab]", "RANGE"), (r"\#foo", "ESCAPED_HASH"), ("#foo", "COMMENT"), ("/", "LONE_SLASH"),
     ("a//b", "EMPTY_SEGMENT"), ("a\\", "LONE_BACKSLASH"), ("", "EMPTY"), ("*a" * 65, "TOO_MANY_WILDCARDS")],
)
def test_pattern_error_kind(pattern: str, kind: str) -> None:
    # checks decide by the kind, never by the message's words (issue 16)
    with pytest.raises(PatternError) as info:
        parse_pattern(pattern)
    assert info.value.kind is PatternProblem[kind]


def test_pattern_error_is_value_error():
    assert issubclass(PatternError, ValueError)


# Things that look like the unsupported syntax but are not: accepted.
# DOUBTFUL (all three): GitHub documents only the three exceptions above;
# gitignore gives these a literal meaning and so do we.
VALID_LOOKALIKES = [
    ("foo!bar", "foo!bar"),  # "!" not at the start is literal
    (r"\!important.txt", "!important.txt"),  # escaped "!" is a literal "!", not negation
    (r"foo\[1\].txt", "foo[1].txt"),  # escaped brackets are literal, not a range
    ("a]b", "a]b"),  # a lone "]" is literal
]


@pytest.mark.parametrize("pattern, path", VALID_LOOKALIKES, ids=[v[0] for v in VALID_LOOKALIKES])
def test_lookalikes_are_valid_literals(pattern, path):
    assert parse_pattern(pattern).matches(path) is True


# ---------------------------------------------------------------------------
# Rule lists: the last matching rule wins, an owner-less rule still wins.
# [GH-DOCS "Order is important; the last matching pattern takes the most
# precedence" and "/apps/ @octocat" + "/apps/github" (owners left empty)]
# ---------------------------------------------------------------------------
GITHUB_DOCS_FILE = [
    "*",  # 0  @global-owner1 @global-owner2
    "*.js",  # 1  @js-owner
    "*.go",  # 2  docs@example.com
    "*.txt",  # 3  @octo-org/octocats
    "/build/logs/",  # 4  @doctocat
    "docs/*",  # 5  docs@example.com
    "apps/",  # 6  @octocat
    "/docs/",  # 7  @doctocat
    "/scripts/",  # 8  @doctocat @octocat
    "**/logs",  # 9  @octocat
    "/apps/",  # 10 @octocat
    "/apps/github",  # 11 (no owners)
]

RULE_LISTS = [
    # (rules, path, expected index of the last match)
    (GITHUB_DOCS_FILE, "some/deeply/nested/file.rb", 0),
    (GITHUB_DOCS_FILE, "README.md", 0),
    (GITHUB_DOCS_FILE, "src/app.js", 1),
    (GITHUB_DOCS_FILE, "cmd/main.go", 2),
    (GITHUB_DOCS_FILE, "notes/todo.txt", 3),
    (GITHUB_DOCS_FILE, "build/logs/out.log", 9),  # "**/logs" comes after "/build/logs/"
    (GITHUB_DOCS_FILE, "build/output.txt", 3),
    (GITHUB_DOCS_FILE, "docs/getting-started.md", 7),
    (GITHUB_DOCS_FILE, "docs/build-app/troubleshooting.md", 7),
    (GITHUB_DOCS_FILE, "src/docs/getting-started.md", 0),
    (GITHUB_DOCS_FILE, "src/docs/getting-started.js", 1),
    (GITHUB_DOCS_FILE, "web/apps/index.js", 6),
    (GITHUB_DOCS_FILE, "apps/main/index.js", 10),
    (GITHUB_DOCS_FILE, "apps/github/index.js", 11),  # owner-less rule wins
    (GITHUB_DOCS_FILE, "apps/github/deep/notes.txt", 11),
    (GITHUB_DOCS_FILE, "scripts/deploy.sh", 8),
    (GITHUB_DOCS_FILE, "deeply/nested/logs/x.go", 9),
    # order decides, not specificity
    (["/src/", "*.py"], "src/a.py", 1),
    (["*.py", "/src/"], "src/a.py", 1),
    (["/src/", "*.py"], "src/a.rb", 0),
    (["/src/a.py", "/src/"], "src/a.py", 1),  # a later directory rule beats an earlier exact file
    (["/src/", "/src/a.py"], "src/a.py", 1),
    # a match on the file's own name does not outrank a later match through one
    # of its directories (git's exclude logic would let it; CODEOWNERS is plain
    # last-match-wins)
    (["a.md", "docs/"], "docs/a.md", 1),
    (["docs/", "a.md"], "docs/a.md", 1),
    (["*.md", "/docs/"], "docs/x.md", 1),
    (["/docs/", "*.md"], "docs/x.md", 1),
    # an exception carved out of a directory, in both orders
    (["/apps/", "/apps/github"], "apps/github/x.rb", 1),
    (["/apps/github", "/apps/"], "apps/github/x.rb", 1),
    (["/apps/github", "/apps/"], "apps/other/x.rb", 1),
    # the same pattern twice: the later one
    (["*.js", "*.js"], "a.js", 1),
    (["*", "/docs/", "*"], "docs/a.md", 2),
    # "docs/*" does not reach nested files, so the earlier rule stays
    (["*", "docs/*"], "docs/a/b.md", 0),  # differs from gitignore
    (["*", "docs/*"], "docs/b.md", 1),
    (["/docs/", "docs/*"], "docs/a/b.md", 0),
    # nothing matches
    (["/src/"], "lib/a.py", None),
    (["docs/*"], "docs/a/b.md", None),
    ([], "README.md", None),
]


def _rules_id(i, case):
    rules, path, expected = case
    return f"{i}:{path}->{expected}"


@pytest.mark.parametrize("backend", available_backends())
@pytest.mark.parametrize("rules, path, expected", RULE_LISTS, ids=[_rules_id(i, c) for i, c in enumerate(RULE_LISTS)])
def test_last_match_wins(backend, rules, path, expected):
    matcher = RuleMatcher([parse_pattern(r) for r in rules], backend=backend)
    assert matcher.last_match(path) == expected
    matches = matcher.all_matches(path)
    assert matches == sorted(matches)
    assert (matches[-1] if matches else None) == expected


ALL_MATCHES = [
    (GITHUB_DOCS_FILE, "build/logs/out.txt", [0, 3, 4, 9]),
    (GITHUB_DOCS_FILE, "docs/getting-started.md", [0, 5, 7]),
    (GITHUB_DOCS_FILE, "docs/build-app/troubleshooting.md", [0, 7]),  # differs from gitignore
    (GITHUB_DOCS_FILE, "apps/github/index.js", [0, 1, 6, 10, 11]),
    (GITHUB_DOCS_FILE, "apps/index.js", [0, 1, 6, 10]),
    (GITHUB_DOCS_FILE, "x/apps/logs/a.go", [0, 2, 6, 9]),
    (["/src/"], "lib/a.py", []),
]


@pytest.mark.parametrize("backend", available_backends())
@pytest.mark.parametrize("rules, path, expected", ALL_MATCHES, ids=[_rules_id(i, c) for i, c in enumerate(ALL_MATCHES)])
def test_all_matches(backend, rules, path, expected):
    matcher = RuleMatcher([parse_pattern(r) for r in rules], backend=backend)
    assert matcher.all_matches(path) == expected


# ---------------------------------------------------------------------------
# Backends: every backend gives the answer GitHub gives, for every case, alone
# and combined into one matcher (DESIGN 3.4: the backends do not all rank "*"
# and "**" alike).
# ---------------------------------------------------------------------------
def test_simple_backend_is_available():
    backends = available_backends()
    assert "simple" in backends
    assert len(set(backends)) == len(backends)


@pytest.mark.parametrize("backend", available_backends())
@pytest.mark.parametrize("topic, pattern, path, expected", ALL_CASES, ids=[_case_id(c) for c in ALL_CASES])
def test_every_case_on_every_backend(backend, topic, pattern, path, expected):
    matcher = RuleMatcher([parse_pattern(pattern)], backend=backend)
    assert matcher.all_matches(path) == ([0] if expected else [])
    assert matcher.last_match(path) == (0 if expected else None)


def test_backends_agree_on_one_combined_matcher():
    patterns_text = list(dict.fromkeys(case[1] for case in ALL_CASES))
    patterns = [parse_pattern(t) for t in patterns_text]
    paths = sorted({case[2] for case in ALL_CASES} | set(EQUIVALENCE_PATHS))
    reference = {
        path: [i for i, p in enumerate(patterns) if p.matches(path)] for path in paths
    }
    results = {}
    for backend in available_backends():
        matcher = RuleMatcher(patterns, backend=backend)
        got = {path: matcher.all_matches(path) for path in paths}
        last = {path: matcher.last_match(path) for path in paths}
        for path in paths:
            assert got[path] == reference[path], (backend, path)
            assert last[path] == (reference[path][-1] if reference[path] else None), (backend, path)
        results[backend] = got
    # identical across backends (redundant with the reference check, kept explicit)
    first = next(iter(results.values()))
    for backend, got in results.items():
        assert got == first, backend
