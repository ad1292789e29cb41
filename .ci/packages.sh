#!/usr/bin/env bash
# The Debian packages gigcase needs besides Python, in one place: `make test` checks the
# suite's, `.ci/services.sh` the servers', and `.ci/run` installs them all.
#
#   .ci/packages.sh ensure GROUP...   install the missing ones when this user may (root, or
#                                     passwordless sudo) and apt-get exists; otherwise print
#                                     the one command that installs them and exit 1
#   .ci/packages.sh install GROUP...  apt-get update, then install every one (CI, as root)
#   .ci/packages.sh list GROUP...     the package names, one line
#
# Groups: test (what the suite runs on any database), services (the PostgreSQL and Redis
# servers of .ci/services.sh), ci (the rest of what .ci/run needs on a clean machine).
# Everything prints on stderr but `list`: .ci/services.sh's standard output is eval'd.
set -euo pipefail

# group     package        probe: a command on PATH, an absolute path (executable),
#                          file:PATH (a file), or py:MODULE (importable by python3)
#                                                          what needs it
TABLE='
test        chromium       /usr/bin/chromium               the browser tests (Playwright drives it)
test        redis-server   redis-server                    tests/realtime_scale start their own Redis
test        gettext        msgfmt                          make test compiles locale/; tests/test_i18n.py
test        poppler-utils  pdftotext                       documents are read back (pdftotext, pdffonts, pdfinfo)
test        fonts-wqy-microhei  file:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc  the browser draws Chinese as a phone does, so layout checks measure real glyphs
services    postgresql-15  /usr/lib/postgresql/15/bin/initdb  the throw-away cluster of .ci/services.sh
services    redis-server   redis-server                    the Redis server of .ci/services.sh
ci          make           make                            .ci/run runs make test
ci          python3-venv   py:ensurepip                    make creates .venv with python3 -m venv
'

log() { printf '%s\n' "$*" >&2; }

# Rows of the table ("package probe") for the groups named; `ci` takes every group.
rows() {
    local want=" $* " group package probe _why
    [[ $want == *" ci "* ]] && want="$want test services "
    while read -r group package probe _why; do
        [ -n "$group" ] || continue
        [[ $want == *" $group "* ]] && printf '%s %s\n' "$package" "$probe"
    done <<<"$TABLE" | awk '!seen[$1]++'
}

packages() { rows "$@" | cut -d' ' -f1 | paste -sd' '; }

present() {
    case $1 in
    py:*) python3 -c "import ${1#py:}" 2>/dev/null ;;
    file:*) [ -f "${1#file:}" ] ;;
    /*) [ -x "$1" ] ;;
    *) command -v "$1" >/dev/null ;;
    esac
}

missing() {
    local package probe
    rows "$@" | while read -r package probe; do
        present "$probe" || echo "$package"
    done | paste -sd' '
}

# How this user runs apt-get as root, if it can: nothing (root), `sudo -n`, or fails.
as_root() {
    command -v apt-get >/dev/null || return 1
    if [ "$(id -u)" -eq 0 ]; then
        echo ""
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        echo "sudo -n"
    else
        return 1
    fi
}

apt_install() {
    local sudo=$1
    shift
    local apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -q)
    # A new machine may have no package lists yet; a busy mirror gets a second try.
    "${apt[@]}" update >&2 || { sleep 10 && "${apt[@]}" update >&2; }
    "${apt[@]}" install --no-install-recommends "$@" >&2
}

ensure() {
    local need sudo
    need=$(missing "$@")
    [ -n "$need" ] || return 0
    # shellcheck disable=SC2086 # a list of package names
    if sudo=$(as_root); then
        log "installing the missing Debian packages: $need"
        apt_install "$sudo" $need
        need=$(missing "$@")
        [ -z "$need" ] && return 0
        log "still missing after apt-get install: $need"
        exit 1
    fi
    log ""
    log "gigcase needs Debian packages that are not installed: $need"
    if command -v apt-get >/dev/null; then
        log "Install them with this command, then start again:"
    else
        log "These are Debian's names; on Debian this command installs them:"
    fi
    log ""
    log "    sudo apt-get install -y --no-install-recommends $need"
    log ""
    exit 1
}

command=${1:-}
shift || true
[ $# -gt 0 ] || set -- test
for group in "$@"; do
    case $group in
    test | services | ci) ;;
    *)
        log "unknown group: $group (test, services or ci)"
        exit 2
        ;;
    esac
done

case $command in
list) packages "$@" ;;
ensure) ensure "$@" ;;
install)
    sudo=$(as_root) || { log "install needs root (or passwordless sudo) and apt-get"; exit 1; }
    # shellcheck disable=SC2046 # a list of package names
    apt_install "$sudo" $(packages "$@")
    ;;
*)
    log "usage: $0 ensure|install|list [test|services|ci]..."
    exit 2
    ;;
esac
