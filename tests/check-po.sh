#!/bin/sh
# check-po.sh: the translation wiring is complete. Every source file with
# translatable strings is in po/POTFILES.in (sorted, nothing missing, nothing
# stale), and po/ja.po translates every string the sources have now, with
# nothing fuzzy. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

top=$1
cd "$top" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; for line in "$@"; do echo "# $line"; done; }

# 1. POTFILES.in: sorted, existing, complete.
grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$tmp/listed"
if sort -c "$tmp/listed" 2>/dev/null; then ok "POTFILES.in is sorted"; else not_ok "POTFILES.in is sorted"; fi

stale=$(while read -r f; do [ -f "$f" ] || echo "$f"; done < "$tmp/listed")
if [ -z "$stale" ]; then ok "every file in POTFILES.in exists"; else not_ok "every file in POTFILES.in exists" $stale; fi

find src ui data -type f \( -name '*.c' -o -name '*.ui' -o -name '*.in' \) | sort > "$tmp/all"
missing=$(while read -r f; do
  if grep -qE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext) ?\(|translatable="yes"|^(Name|GenericName|Comment|Keywords)=|<(summary|p|li|name)>' "$f" 2>/dev/null &&
     ! grep -qxF "$f" "$tmp/listed"; then echo "$f"; fi
done < "$tmp/all")
if [ -z "$missing" ]; then ok "every file with translatable strings is in POTFILES.in"; else
  not_ok "every file with translatable strings is in POTFILES.in" $missing; fi

# 2. A template from the sources as they are now, made the way meson's
# i18n module makes it (the glib preset, and po/its for data/providers.xml),
# and ja.po checked against it.
if GETTEXTDATADIRS="$top/po" xgettext --package-name=mail-checkup --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
     --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
     --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
     --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
     --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
     --files-from="$tmp/listed" --directory="$top" --output="$tmp/mail-checkup.pot" 2> "$tmp/xgettext.err"; then
  ok "xgettext reads every listed file"
else
  not_ok "xgettext reads every listed file" "$(cat "$tmp/xgettext.err")"
fi

if out=$(LC_ALL=C msgfmt --check --statistics -o /dev/null po/ja.po 2>&1); then
  case "$out" in
    *untranslated*|*fuzzy*) not_ok "po/ja.po has no untranslated or fuzzy message" "$out" ;;
    *) ok "po/ja.po compiles with --check: $out" ;;
  esac
else
  not_ok "po/ja.po compiles with --check" "$out"
fi

if out=$(LC_ALL=C msgcmp po/ja.po "$tmp/mail-checkup.pot" 2>&1); then
  ok "po/ja.po translates every string in the sources"
else
  # Show what is missing, one message a line.
  not_ok "po/ja.po translates every string in the sources" "$(echo "$out" | head -40)"
fi

echo "1..$n"
exit $failed
