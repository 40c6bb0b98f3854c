#!/usr/bin/env bash
# Runs the README's test suite as an ordinary user, the way learners run the tutor: `make suite` after the
# set-up steps of `make test` (its static checks, ruff, mypy, import rules and `shelltutor check`, read the
# same files whoever runs them, and the root run has just made them).
# Needs root: creates the user if missing (useradd -m), copies this checkout (committed and untracked
# files, not .venv) into the user's home with ../shared beside it, and runs the suite there as that user.
set -euo pipefail
user=${1:-shelltutor-ci}
top=$(cd "$(dirname "$0")/.." && pwd)
[[ $(id -u) == 0 ]] || { echo "test-as-user: run it as root (it creates the user $user); as an ordinary user, run make test" >&2; exit 2; }
id -u "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
dest=$home/ci
rm -rf "$dest"
mkdir -p "$dest/main"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -a -t "$dest/main" 2>/dev/null \
    || tar --exclude=./.venv --exclude=./.git -cf - . | tar -xf - -C "$dest/main")
[[ -d $top/../shared ]] && cp -a "$top/../shared" "$dest/shared"
chown -R "$user:" "$dest"
# A clean login-like environment: the user's own HOME and a PATH without root's tools (root's pyenv is in
# /root, which the user cannot enter). The package index settings are passed on as they are.
envs=(HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 CI="${CI-}")
while IFS= read -r line; do envs+=("$line"); done < <(env | grep -E '^(PIP_|HTTPS?_PROXY=|NO_PROXY=|https?_proxy=|no_proxy=)' || true)
echo "running the test suite as $user (uid $(id -u "$user")) in $dest/main"
# The gradings of the shipped lessons (the answer corpus, verify of each exercise, the respelt solutions: about
# 4,000 gradings by the same code, which the root run has just made) are left out, so that both runs fit CI's
# 30 minutes on 2 cores; every other test (sandbox, grading units, TUI, end to end) runs as this user too.
echo "as $user: every test except the lesson gradings (-m 'not corpus'), which the run as root covers"
exec runuser -u "$user" -- env -i "${envs[@]}" bash -c \
    'cd "$1" && make system-deps test-system-deps test-deps suite PYTEST_ARGS="-m \"not corpus\""' _ "$dest/main" </dev/null
