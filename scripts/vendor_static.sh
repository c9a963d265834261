#!/usr/bin/env bash
# Refresh the vendored front-end files under static/vendor/ from the npm registry.
# The results are committed, so neither the site nor the tests need npm or a CDN;
# run this only to upgrade, after changing the versions in frontend/package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

(cd frontend && npm install --ignore-scripts --no-audit --no-fund --package-lock=true)
nm=frontend/node_modules
rm -rf static/vendor
install -D -m 644 "$nm/bootstrap/dist/css/bootstrap.min.css" static/vendor/bootstrap/bootstrap.min.css
install -D -m 644 "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" static/vendor/bootstrap/bootstrap.bundle.min.js
install -D -m 644 "$nm/chart.js/dist/chart.umd.min.js" static/vendor/chartjs/chart.umd.min.js
install -D -m 644 "$nm/bootstrap-icons/font/bootstrap-icons.min.css" static/vendor/bootstrap-icons/bootstrap-icons.min.css
install -D -m 644 "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff2" static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2
install -D -m 644 "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff" static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff
# DejaVu Serif renders every Vietnamese letter; WeasyPrint embeds it in PDF reports.
for face in DejaVuSerif DejaVuSerif-Bold DejaVuSerif-Italic; do
  install -D -m 644 "$nm/dejavu-fonts-ttf/ttf/$face.ttf" "static/vendor/fonts/$face.ttf"
done
install -D -m 644 "$nm/dejavu-fonts-ttf/LICENSE" static/vendor/fonts/LICENSE
# Source-map comments point to files not vendored; the manifest storage of
# collectstatic would fail on them.
find static/vendor -name '*.min.*' -exec sed -i -E '/^\/[\/*]# sourceMappingURL=/d; s#/\*\# sourceMappingURL=[^*]*\*/##' {} +

version() { node -p "require('./$nm/$1/package.json').version"; }
{
  echo "# Vendored by scripts/vendor_static.sh from the npm registry"
  echo "bootstrap $(version bootstrap)"
  echo "bootstrap-icons $(version bootstrap-icons)"
  echo "chart.js $(version chart.js)"
  echo "dejavu-fonts-ttf $(version dejavu-fonts-ttf)"
} > static/vendor/VERSIONS
cat static/vendor/VERSIONS
