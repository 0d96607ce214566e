#!/usr/bin/env bash
# Deploy: Appwrite schema + buckets + functions (appwrite-cli 12 in key mode), function variables from the
# environment (names from each manifest), then the edge worker (wrangler). Values come from CI secrets only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${APPWRITE_ENDPOINT:?set APPWRITE_ENDPOINT, e.g. https://fra.cloud.appwrite.io/v1}"
: "${APPWRITE_PROJECT_ID:?set APPWRITE_PROJECT_ID}"
: "${APPWRITE_API_KEY:?set APPWRITE_API_KEY (scopes: databases, tables, columns, indexes, buckets, functions, execution)}"

npm run schema:build
git diff --quiet appwrite.json || { echo "appwrite.json is out of date: commit the output of npm run schema:build"; exit 1; }
npm run build

# The CLI keeps its credentials under $HOME/.appwrite; use a throwaway HOME so nothing leaks between jobs.
CLI_HOME="$(mktemp -d)"
trap 'rm -rf "$CLI_HOME"' EXIT
mkdir -p "$CLI_HOME/.appwrite"
node -e 'const [e,k]=process.argv.slice(1);process.stdout.write(JSON.stringify({current:"ci",ci:{endpoint:e,key:k}}))' \
  "$APPWRITE_ENDPOINT" "$APPWRITE_API_KEY" > "$CLI_HOME/.appwrite/prefs.json"
chmod 600 "$CLI_HOME/.appwrite/prefs.json"

# appwrite.json carries projectId "chizze"; deploy to the configured project.
TMP_CONFIG="$(mktemp -d)"
node -e 'const f=require("fs");const c=JSON.parse(f.readFileSync("appwrite.json","utf8"));c.projectId=process.argv[1];f.writeFileSync(process.argv[2]+"/appwrite.json",JSON.stringify(c,null,2))' "$APPWRITE_PROJECT_ID" "$TMP_CONFIG"
cp -r functions "$TMP_CONFIG/functions"
(
  cd "$TMP_CONFIG"
  HOME="$CLI_HOME" npx --no-install appwrite push tables --all --force </dev/null
  HOME="$CLI_HOME" npx --no-install appwrite push buckets --all --force </dev/null
  HOME="$CLI_HOME" npx --no-install appwrite push functions --all --force </dev/null
)
npx tsx scripts/set-function-variables.ts

if [ -f edge/wrangler.toml ] && [ -n "${CLOUDFLARE_API_TOKEN:-}" ]; then
  (cd edge && npx --no-install wrangler deploy)
fi
