#!/bin/sh
# Renders a Redis ACL file (redis.conf's `aclfile`) from rules kept in git and passwords kept in a
# Secret, so that neither git nor the image holds a password and the rules are reviewed in git.
#
#   render-redis-acl.sh RULES PASSWORDS > users.acl
#   render-redis-acl.sh RULES                 (the entries without passwords, e.g. for a managed Redis)
#
# RULES holds `user NAME RULES…` entries (redis-*-users.acl): `#` lines are comments and a trailing
# `\` continues an entry on the next line, which Redis's own aclfile does not allow. PASSWORDS is a
# directory with one file per user, named after it and holding its password: the Secret mounted as a
# volume. Each entry gets the SHA-256 of its user's password (`#<hex>`), so the rendered file holds no
# password in clear; an entry whose rules say `nopass` gets none. A missing, empty or malformed
# password stops the rendering with a line naming the user: the pod does not start half-configured.
# POSIX sh and awk only: it runs in the redis image's init container and in tools/deploy's tests.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: render-redis-acl.sh RULES [PASSWORDS]" >&2
  exit 2
fi
rules=$1
passwords=${2:-}

fail() {
  echo "render-redis-acl: $*" >&2
  exit 1
}

# One line per entry: comments and blank lines dropped, continuations joined, blanks squeezed.
entries=$(awk '
  /^[ \t]*#/ || /^[ \t]*$/ { next }
  {
    line = line " " $0
    if (sub(/\\[ \t]*$/, "", line)) next
    gsub(/[ \t]+/, " ", line)
    sub(/^ /, "", line)
    sub(/ $/, "", line)
    print line
    line = ""
  }
  END {
    if (line != "") {
      print "the last entry ends with a continuation" > "/dev/stderr"
      exit 1
    }
  }
' "$rules") || fail "$rules: cannot read the entries"

printf '%s\n' "$entries" | while read -r keyword name rest; do
  [ "$keyword" = user ] && [ -n "$name" ] || fail "$rules: an entry starts with 'user NAME', not '$keyword $name'"
  case " $rest " in
    *" >"* | *" <"* | *" #"* | *" !"*) fail "$rules: user $name: a password in the rules (they belong in the Secret)" ;;
  esac
  case " $rest " in
    *" nopass "*)
      printf 'user %s %s\n' "$name" "$rest"
      continue
      ;;
  esac
  if [ -z "$passwords" ]; then
    printf 'user %s %s\n' "$name" "$rest"
    continue
  fi
  file=$passwords/$name
  [ -s "$file" ] || fail "user $name: no password ($file is missing or empty; the Secret needs a key '$name')"
  # The password goes into the app's URL as it is ($(VAR) expansion does not escape), and a newline
  # (kubectl create secret --from-file of `openssl rand -hex 32 > file`) would end up in it too.
  [ "$(wc -l <"$file")" -eq 0 ] || fail "user $name: the password ends with a newline (create the Secret with --from-literal)"
  password=$(cat "$file")
  case $password in
    *[!A-Za-z0-9._~-]*) fail "user $name: the password may hold only A-Z a-z 0-9 . _ ~ - (it goes into a URL unescaped)" ;;
  esac
  [ "${#password}" -ge 32 ] || fail "user $name: the password is shorter than 32 characters"
  hash=$(printf '%s' "$password" | sha256sum | cut -d ' ' -f 1)
  printf 'user %s %s #%s\n' "$name" "$rest" "$hash"
done
