#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a language in po/LINGUAS lacks a translation (or has only a fuzzy
# one) for any string the sources mark translatable.
top="$1"
cd "$top" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# The same keywords as Meson's glib preset.
xgettext --directory="$top" --files-from=po/POTFILES --output="$tmp/sertel.pot" \
  --from-code=UTF-8 --add-comments --package-name=sertel \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  || exit 1
status=0
for lang in $(cat po/LINGUAS); do
  if msgcmp "po/$lang.po" "$tmp/sertel.pot" >"$tmp/cmp-$lang.txt" 2>&1; then
    echo "ok: po/$lang.po translates every string"
  else
    echo "not ok: po/$lang.po lacks translations (run: msgmerge -U po/$lang.po po/sertel.pot):"
    sed 's/^/#   /' "$tmp/cmp-$lang.txt" | head -40
    status=1
  fi
done
exit $status
