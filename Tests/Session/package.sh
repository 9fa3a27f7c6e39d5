#!/bin/bash
# The Debian package under a real systemd user manager, as a person meets it: `make test-session` runs this as
# root inside ../shared/tools/user-session (a freshly booted Debian 12, systemd as PID 1, the user `ana` with her
# own user manager; `as-ana CMD` runs CMD in her session).
#
#   Tests/Session/package.sh .build/deb/pace_VERSION_amd64.deb
#
# It installs the package, restarts ana's user manager as a new login would, and checks: the first `pace`
# starts paced through the socket; a normal start logs nothing that looks like an error; the journal has paced's
# structured fields; `systemctl --user reload` rereads the config (RELOADING=1 … READY=1) and a config mistake
# keeps the settings in force; a stopped (SIGSTOP) paced is restarted by the watchdog and a crashed one by
# Restart=; `stop` is a clean exit after STOPPING=1; an upgrade restarts a running paced into the new program;
# a log written by a newer Pace is not written to; `apt remove` and `apt purge` leave ana's data alone.
# Every wait polls for its condition with a time limit; the script exits 1 if any check failed.
set -uo pipefail

deb=$(readlink -f "${1:?usage: package.sh PACKAGE.deb}")
failures=0
started=$SECONDS

pass() { echo "ok    $*"; }
fail() {
    echo "FAIL  $*"
    failures=$((failures + 1))
}
# check DESCRIPTION COMMAND…: one check, passed when COMMAND succeeds.
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
# wait_for SECONDS COMMAND…: polls COMMAND every 0.1 s until it succeeds; fails after SECONDS.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}
user() { as-ana systemctl --user "$@"; }
property() { as-ana systemctl --user show -P "$2" "$1"; }
is_active() { [ "$(property "$1" ActiveState)" = "${2:-active}" ]; }
main_pid() { property paced.service MainPID; }
restarts() { property paced.service NRestarts; }
# Everything the journal has about one run of paced.service (by its invocation id): what paced wrote and what
# the user manager said about it (its messages carry USER_INVOCATION_ID).
invocation_journal() {
    journalctl --no-pager -q "${@:2}" _SYSTEMD_INVOCATION_ID="$1" + USER_INVOCATION_ID="$1"
}
journal_has() {
    local id=$1 pattern=$2
    invocation_journal "$id" -o cat | grep -qE -- "$pattern"
}
# The user manager's journal from a cursor on (set with `cursor=$(journal_cursor)`).
journal_cursor() { journalctl -q -n 1 -o export _UID=1000 | sed -n 's/^__CURSOR=//p'; }
manager_journal_since() { journalctl --no-pager -q -o cat --after-cursor="$1" _UID=1000 "${@:2}"; }
# For the conditions checked in `bash -c`.
export -f invocation_journal manager_journal_since
wait_for_manager() {
    local state
    state=$(systemctl --user -M ana@ is-system-running 2>/dev/null)
    [ "$state" = running ] || [ "$state" = degraded ]
}
state_dir=/home/ana/.local/state/pace
has_segments() { find "$state_dir/log" -name '*.log' -size +0 | grep -q .; }
version=$(dpkg-deb -f "$deb" Version)

echo "== installing $(basename "$deb")"
# apt reads the file as its sandbox user, who cannot enter the bound source tree.
cp "$deb" /tmp/ && chmod 644 "/tmp/$(basename "$deb")"
check "apt installs the package (its Depends are in Debian)" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")"
for file in /usr/bin/pace /usr/bin/paced /usr/lib/systemd/user/paced.service /usr/lib/systemd/user/paced.socket \
    /usr/share/man/man1/pace.1.gz /usr/share/man/man1/paced.1.gz /usr/share/bash-completion/completions/pace \
    /usr/share/zsh/vendor-completions/_pace /usr/share/fish/vendor_completions.d/pace.fish \
    /usr/share/doc/pace/examples/pace.toml /usr/share/doc/pace/copyright; do
    check "the package installs $file" test -e "$file"
done
check "the socket is enabled for every user" test -L /etc/systemd/user/sockets.target.wants/paced.socket
check "pace --version is the package's version" test "$(pace --version)" = "$version"

check "the postinst started the socket in ana's running session" wait_for 10 is_active paced.socket

echo "== a new login: ana's user manager starts afresh"
systemctl restart user@1000.service
check "ana's user manager is up" wait_for 60 wait_for_manager
check "paced.socket listens after the login" wait_for 10 is_active paced.socket
check "paced.service is not running before the first pace" is_active paced.service inactive

echo "== the first pace starts paced through the socket"
check "pace status answers" as-ana pace status
check "paced.service is active" wait_for 10 is_active paced.service
check "paced runs /usr/bin/paced" test "$(readlink "/proc/$(main_pid)/exe")" = /usr/bin/paced
check "paced.socket started it (TriggeredBy)" test "$(property paced.service TriggeredBy)" = paced.socket
first=$(property paced.service InvocationID)
# The manager's "Started …" line closes a start; whatever paced says while starting is logged before it.
check "the journal has the start" wait_for 10 journal_has "$first" '^Started '
echo "-- the journal of this start:"
invocation_journal "$first" -o short-monotonic | sed 's/^/   /'
error_looking='fail|error|warn|ignor|denied|not permitted|errno|cannot|unable|refus'
check "a normal start logs nothing that looks like an error" \
    bash -c "! journalctl --no-pager -q -o cat _SYSTEMD_INVOCATION_ID=$first + USER_INVOCATION_ID=$first |
        grep -iE '$error_looking'"
check "a normal start logs nothing at warning or above" \
    test -z "$(journalctl --no-pager -q -o cat -p warning _SYSTEMD_INVOCATION_ID="$first")"
check "pace doctor finds the units enabled for every user" \
    bash -c "as-ana pace doctor | grep -q 'units installed in /usr/lib/systemd/user; paced.socket is enabled'"
check "the state directory is 0700" test "$(stat -c %a "$state_dir")" = 700
check "paced has a network namespace of its own (PrivateNetwork=yes)" \
    test "$(readlink "/proc/$(main_pid)/ns/net")" != "$(readlink /proc/1/ns/net)"
echo "-- /proc as paced sees it (ProtectProc=invisible, ProcSubset=pid):"
grep ' /proc ' "/proc/$(main_pid)/mountinfo" | sed 's/^/   /'
check "paced's files are 0600" test -z "$(find "$state_dir" -type f ! -perm 0600)"

echo "== structured journal fields"
entry=$(journalctl --no-pager -q -o export _SYSTEMD_INVOCATION_ID="$first" SYSLOG_IDENTIFIER=paced | head -40)
for field in PRIORITY SYSLOG_IDENTIFIER=paced CODE_FILE CODE_LINE CODE_FUNC; do
    check "paced's entries have $field" grep -q "^$field" <<<"$entry"
done

echo "== reload: RELOADING=1 … READY=1, and a mistake keeps the settings"
reloads() { invocation_journal "$first" -o cat | grep -c '^Reloaded paced.service'; }
as-ana mkdir -p /home/ana/.config/pace
as-ana sh -c 'printf "[day]\nstart_hour = 5\n" > /home/ana/.config/pace/config.toml'
pid=$(main_pid)
check "systemctl --user reload paced succeeds" user reload paced
# The manager's "Reloaded …" closes the reload job: the kill it ran has logged whatever it did by then.
check "the manager finished the reload" wait_for 10 test "$(reloads)" = 1
check "paced is the same process after the reload" test "$(main_pid)" = "$pid"
check "paced is active after the reload" is_active paced.service
check "the new setting is in force (the day begins at 05:00)" \
    bash -c "as-ana pace status --verbose | grep -q 'begun at 05:00'"
# One line is expected, and explained in paced.service (at its ExecReload=): the reload's kill cannot join
# paced's network namespace. Anything else that looks like an error is a failure.
known_reload_warning='PrivateNetwork=yes is configured, but network namespace setup failed, ignoring'
echo "-- what the reload logged:"
invocation_journal "$first" -o short-monotonic | sed -n '/Reloading paced.service/,$p' | sed 's/^/   /'
check "the reload logged nothing that looks like an error but the line the unit explains" \
    bash -c "! invocation_journal '$first' -o cat | grep -v '$known_reload_warning' | grep -iE '$error_looking'"

# At debug level the user manager logs each notification it gets: the reload's RELOADING=1 … READY=1.
user log-level debug
cursor=$(journal_cursor)
check "a second reload succeeds" user reload paced
check "paced sent RELOADING=1" wait_for 10 \
    bash -c "manager_journal_since '$cursor' | grep -q 'RELOADING=1'"
check "then READY=1" wait_for 10 \
    bash -c "manager_journal_since '$cursor' | sed -n '/RELOADING=1/,\$p' | grep -q 'READY=1'"
user log-level info

as-ana sh -c 'printf "[day]\nstart_hour = 25\n" > /home/ana/.config/pace/config.toml'
check "reloading a file with a mistake succeeds" user reload paced
check "paced says the configuration was not reloaded" wait_for 10 \
    bash -c "invocation_journal '$first' -o cat | grep -q 'configuration not reloaded'"
check "the mistake is in the journal with its key as a field" wait_for 10 \
    bash -c "journalctl --no-pager -q -o cat _SYSTEMD_INVOCATION_ID='$first' PACE_CONFIG_KEY=day.start_hour | grep -q ."
echo "-- the mistake's entry:"
journalctl --no-pager -q -o verbose _SYSTEMD_INVOCATION_ID="$first" PACE_CONFIG_KEY=day.start_hour |
    grep -E '^ *(MESSAGE|PRIORITY|SYSLOG_IDENTIFIER|CODE_[A-Z]*|PACE_[A-Z_]*)=' | sed 's/^ */   /'
check "the previous setting stays in force" bash -c "as-ana pace status --verbose | grep -q 'begun at 05:00'"
check "paced is still the same, active process" bash -c "[ \"\$(as-ana systemctl --user show -P MainPID paced.service)\" = $pid ]"
as-ana rm /home/ana/.config/pace/config.toml
user reload paced

echo "== a stopped paced is restarted by the watchdog"
before=$(restarts)
pid=$(main_pid)
as-ana kill -STOP "$pid"
check "the watchdog restarts paced (WatchdogSec=30s)" wait_for 90 \
    bash -c "[ \"\$(as-ana systemctl --user show -P NRestarts paced.service)\" -gt $before ] &&
        [ \"\$(as-ana systemctl --user show -P ActiveState paced.service)\" = active ]"
check "the manager says it was the watchdog" bash -c "journalctl --no-pager -q -o cat _UID=1000 | grep -q 'Watchdog timeout'"
check "a new paced serves" bash -c "[ \"\$(as-ana systemctl --user show -P MainPID paced.service)\" != $pid ] && as-ana pace status"

echo "== a crashed paced is restarted"
before=$(restarts)
pid=$(main_pid)
as-ana kill -SEGV "$pid"
check "paced is restarted after the crash" wait_for 30 \
    bash -c "[ \"\$(as-ana systemctl --user show -P NRestarts paced.service)\" -gt $before ] &&
        [ \"\$(as-ana systemctl --user show -P ActiveState paced.service)\" = active ]"
check "a new paced serves" bash -c "[ \"\$(as-ana systemctl --user show -P MainPID paced.service)\" != $pid ] && as-ana pace status"

echo "== stop: STOPPING=1 and a clean exit"
check "something to keep: an activity is logged" as-ana pace log walk 20m
user log-level debug
cursor=$(journal_cursor)
check "systemctl --user stop paced succeeds" user stop paced.service
check "paced sent STOPPING=1" wait_for 10 \
    bash -c "journalctl --no-pager -q -o cat --after-cursor='$cursor' _UID=1000 | grep -q 'STOPPING=1'"
check "paced exited with status 0" test "$(property paced.service ExecMainStatus)" = 0
check "the stop is a success to systemd" test "$(property paced.service Result)" = success
user log-level info
check "the socket still listens" is_active paced.socket

echo "== the drop-in for a user manager without user namespaces (README, Ubuntu)"
dropin_dir=/home/ana/.config/systemd/user/paced.service.d
as-ana mkdir -p "$dropin_dir"
as-ana cp /usr/share/doc/pace/examples/no-user-namespace.conf "$dropin_dir/"
user daemon-reload
check "paced restarts with the drop-in" user restart paced.service
check "paced runs in its user manager's user namespace (none of its own)" test \
    "$(readlink "/proc/$(main_pid)/ns/user")" = "$(readlink "/proc/$(pgrep -u ana -x systemd | head -1)/ns/user")"
with_dropin=$(property paced.service InvocationID)
echo "-- the journal of this start:"
invocation_journal "$with_dropin" -o short-monotonic | sed 's/^/   /'
check "its start logs nothing that looks like an error" wait_for 10 \
    bash -c "invocation_journal '$with_dropin' -o cat | grep -q '^Started ' &&
        ! invocation_journal '$with_dropin' -o cat | grep -iE '$error_looking'"
check "pace answers" as-ana pace status
check "a reload works" user reload paced
as-ana rm -r "$dropin_dir"
user daemon-reload
user restart paced.service

echo "== an upgrade restarts a running paced into the new program"
# A newer package of the same files: its version is higher, so dpkg treats it as an upgrade.
newer_version="$version+session1"
work=$(mktemp -d)
dpkg-deb -R "$deb" "$work/pkg"
sed -i "s/^Version: .*/Version: $newer_version/" "$work/pkg/DEBIAN/control"
dpkg-deb -b "$work/pkg" "$work/pace_${newer_version}_amd64.deb" >/dev/null
chmod -R a+rX "$work"
as-ana pace status >/dev/null
pid=$(main_pid)
check "paced runs before the upgrade" test "$pid" -gt 0
check "apt installs the newer package" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$work/pace_${newer_version}_amd64.deb"
check "dpkg has the newer version" test "$(dpkg-query -W -f='${Version}' pace)" = "$newer_version"
check "paced was restarted by the upgrade" wait_for 30 \
    bash -c "[ \"\$(as-ana systemctl --user show -P MainPID paced.service)\" != $pid ] &&
        [ \"\$(as-ana systemctl --user show -P ActiveState paced.service)\" = active ]"
check "the paced running is the installed program, not the replaced one" \
    test "$(readlink "/proc/$(main_pid)/exe")" = /usr/bin/paced
check "the activity logged before the upgrade is still there" \
    bash -c "as-ana paced --dump-log | grep -q walk"

echo "== a downgrade, and a log written by a newer Pace"
check "apt installs the older package again" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --allow-downgrades "/tmp/$(basename "$deb")"
check "paced runs after the downgrade" wait_for 30 is_active paced.service
# What a Pace with log format 2 leaves: a segment whose header says version 2 (layout in docs/log-format.md).
user stop paced.service
newer_segment="$state_dir/log/2099-01.log"
as-ana python3 - "$newer_segment" <<'EOF'
import struct, sys
def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF
header = b"PACELOG\0" + struct.pack("<HH", 2, 40) + bytes(24)
with open(sys.argv[1], "wb") as f:
    f.write(header + struct.pack("<I", crc32c(header)))
EOF
as-ana chmod 600 "$newer_segment"
sums=$(sha256sum "$state_dir"/log/*.log)
refusal=$(as-ana pace checkin --energy 5 2>&1)
echo "   pace checkin --energy 5: $refusal"
check "this Pace refuses to write a log a newer Pace wrote" grep -q "newer Pace" <<<"$refusal"
check "pace still answers status" as-ana pace status
check "no segment was changed" test "$sums" = "$(sha256sum "$state_dir"/log/*.log)"
user stop paced.service
as-ana rm "$newer_segment"

echo "== remove and purge leave ana's data"
check "apt removes the package" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q pace
check "paced is not running after the removal" bash -c "! pgrep -u ana -x paced"
check "ana's data is still there after remove" has_segments
purge=$(DEBIAN_FRONTEND=noninteractive apt-get purge -y -q pace 2>&1)
echo "$purge" | sed 's/^/   /'
check "purge says where the data is" grep -q "\.local/state/pace" <<<"$purge"
check "ana's data is still there after purge" has_segments
check "the units are no longer enabled" test ! -e /etc/systemd/user/sockets.target.wants/paced.socket

echo "== the whole run"
check "libdispatch never logged a failed thread priority" \
    bash -c "! journalctl --no-pager -q -o cat _UID=1000 | grep -q 'thread priority'"

echo "== $((SECONDS - started)) s; $failures failed"
[ "$failures" = 0 ]
