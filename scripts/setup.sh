#!/usr/bin/env bash
# Set-up steps behind `make tutor` and `make test`, each safe to repeat and quiet when nothing is to do:
#   scripts/setup.sh system-deps PKG...   the Debian/Ubuntu packages the sandbox and the lessons need
#   scripts/setup.sh venv DIR             a working Python >= 3.11 virtualenv in DIR (made afresh if broken)
# Every failure ends with one sentence that says what to do, and leaves nothing half-made behind.
set -uo pipefail

die() { printf 'shelltutor set-up: %s\n' "$*" >&2; exit 1; }

system_deps() {
    local missing=() p
    if ! command -v dpkg >/dev/null 2>&1; then
        # Not Debian or Ubuntu: check for the programs themselves; the package names are Debian's.
        for p in bwrap man vim less curl ps python3 file zip unzip ssh rsync ss lsof shellcheck; do
            command -v "$p" >/dev/null 2>&1 || missing+=("$p")
        done
        [[ -x /usr/sbin/sshd ]] || missing+=(sshd)  # the sandbox's gpu-server; /usr/sbin is not on every PATH
        ((${#missing[@]} == 0)) && return 0
        die "these programs are missing: ${missing[*]}. Install them with your system's package manager" \
            "(Fedora: sudo dnf install bubblewrap man-db vim-enhanced less curl procps-ng python3 file zip unzip openssh-clients openssh-server rsync iproute lsof ShellCheck), then run make again."
    fi
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    local install=(apt-get install -y -qq "${missing[@]}")
    if [[ $(id -u) == 0 ]]; then
        echo "installing system packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${install[@]}" \
            || die "apt-get could not install ${missing[*]}; run 'apt-get update && apt-get install ${missing[*]}' and read its message."
    elif command -v sudo >/dev/null 2>&1; then
        echo "installing system packages (sudo asks for your password): ${missing[*]}"
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive "${install[@]}" \
            || die "could not install ${missing[*]} with sudo; ask an administrator to run: apt-get install ${missing[*]}"
    else
        die "shelltutor needs these system packages, which are not installed: ${missing[*]}." \
            "You cannot install them yourself (no sudo here): ask an administrator to run 'apt-get install ${missing[*]}' as root, then run make again."
    fi
}

python_ok() {  # $1: an interpreter; true if it is Python >= 3.11
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {
    local c
    for c in ${PYTHON:-} python3 python3.14 python3.13 python3.12 python3.11; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

venv() {
    local dir=$1 py version err
    if [[ -x $dir/bin/python ]] && python_ok "$dir/bin/python" && "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
        return 0
    fi
    # Missing, broken (its Python was removed or upgraded) or half-made by an earlier failure: start afresh.
    rm -rf "$dir"
    if ! py=$(find_python); then
        version=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo none)
        die "shelltutor needs Python 3.11 or newer, and python3 here is ${version}." \
            "Install a newer one (Debian 12 and Ubuntu 24.04 have it as python3; elsewhere e.g. 'sudo apt-get install python3.11 python3.11-venv')," \
            "or name it with 'make PYTHON=/path/to/python3.11', then run make again."
    fi
    echo "creating the virtualenv $dir with $py"
    if ! err=$("$py" -m venv "$dir" 2>&1); then
        rm -rf "$dir"
        version=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
        if [[ $err == *ensurepip* || $err == *venv* ]]; then
            die "$py cannot create a virtualenv because its venv module is missing: install it with" \
                "'sudo apt-get install python${version}-venv' (or ask an administrator), then run make again."
        fi
        die "$py -m venv $dir failed: $err"
    fi
    if ! "$dir/bin/python" -m pip --version >/dev/null 2>&1; then
        rm -rf "$dir"
        die "the new virtualenv has no pip; install python3-venv ('sudo apt-get install python3-venv'), then run make again."
    fi
}

install() {  # $1: the virtualenv, $2: run or test. Installs shelltutor (editable) when pyproject.toml changed.
    local dir=$1 what=$2 spec=. sum
    venv "$dir"
    [[ $what == test ]] && spec='.[test]'
    sum=$(cksum <pyproject.toml)
    # An up-to-date install is not repeated: starting the tutor needs no network once it is set up.
    [[ -f $dir/.installed-$what && $(<"$dir/.installed-$what") == "$sum" ]] && return 0
    "$dir/bin/python" -m pip install -q -e "$spec" \
        || die "pip could not install shelltutor's Python packages (see its message above); check the network, then run make again."
    printf '%s\n' "$sum" >"$dir/.installed-$what"
    [[ $what == test ]] && printf '%s\n' "$sum" >"$dir/.installed-run"
    return 0
}

case ${1-} in
    system-deps) shift; system_deps "$@" ;;
    venv) venv "$2" ;;
    install) install "$2" "$3" ;;
    *) die "usage: scripts/setup.sh system-deps PKG... | venv DIR | install DIR run|test" ;;
esac
