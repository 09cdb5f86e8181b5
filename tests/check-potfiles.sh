#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file has translatable strings but is missing from
# po/POTFILES, or when POTFILES names a file that does not exist.
top="$1"
cd "$top" || exit 1
status=0
files=$(find src ui data -type f \( -name '*.c' -o -name '*.ui' -o -name '*.desktop.in.in' -o -name '*.metainfo.xml.in.in' \) | LC_ALL=C sort)
for f in $files; do
  case "$f" in
    *.desktop.in.in|*.metainfo.xml.in.in) needs=1 ;;
    *) if grep -qE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)\(|translatable="yes"' "$f"; then needs=1; else needs=0; fi ;;
  esac
  if [ $needs -eq 1 ] && ! grep -qxF "$f" po/POTFILES; then
    echo "not ok: $f has translatable strings but is not listed in po/POTFILES"
    status=1
  fi
done
while read -r f; do
  case "$f" in ''|'#'*) continue ;; esac
  if [ ! -f "$f" ]; then
    echo "not ok: po/POTFILES lists $f, which does not exist"
    status=1
  fi
done < po/POTFILES
[ $status -eq 0 ] && echo "ok: po/POTFILES lists every file with translatable strings"
exit $status
