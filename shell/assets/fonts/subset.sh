#!/usr/bin/env bash
# Makes the two embedded fonts from Debian's unmodified Inter (package fonts-inter) by keeping only
# the characters a tile can show, so the plugin maps ~100 kB of font instead of ~545 kB.
#
#   apt-get install fonts-inter && pip install fonttools
#   shell/assets/fonts/subset.sh [SOURCE_DIR]   # default /usr/share/fonts/opentype/inter
#
# Kept: Basic Latin, Latin-1, Latin Extended-A, basic Greek and Cyrillic, general punctuation
# (… – — ‘ ’ “ ” • ‰), currency signs, letterlike symbols (™), arrows, a few math signs (− × ÷ ≈ ≤),
# geometric shapes, U+FFFD, and the outlined .notdef box that the renderer draws for anything else.
# Dropped: every other script, OpenType layout (GSUB/GPOS/GDEF: rusttype reads neither, it only
# kerns from a `kern` table, which Inter does not have) and CFF hints (rusttype ignores them), so
# the glyphs that remain render exactly as before. The name table keeps the copyright and the
# licence (OFL 1.1, see OFL.txt).
set -euo pipefail
src="${1:-/usr/share/fonts/opentype/inter}"
out="$(cd "$(dirname "$0")" && pwd)"
command -v pyftsubset >/dev/null || { echo "pyftsubset not found: pip install fonttools" >&2; exit 2; }

unicodes="U+0020-007E,U+00A0-017F,U+0192,U+02C6-02DD,U+0370-03FF,U+0400-045F,U+2000-206F"
unicodes+=",U+20A0-20C0,U+2100-2122,U+2190-21FF,U+2212,U+2215,U+2219,U+221E,U+2248,U+2260-2265"
unicodes+=",U+25A0-25FF,U+FFFD"

for font in Inter-SemiBold InterDisplay-Bold; do
  pyftsubset "$src/$font.otf" \
    --unicodes="$unicodes" \
    --layout-features='' --drop-tables+=GSUB,GPOS,GDEF \
    --no-hinting --notdef-outline \
    --name-IDs='*' --name-languages='*' --name-legacy \
    --output-file="$out/$font.otf"
  ls -l "$out/$font.otf"
done
