#!/usr/bin/env bash
# `npm run cdktf -- <command> [stack]`: the cdktf CLI without its telemetry call (which prints an
# error offline), and a one-line answer up front when the Terraform binary a command needs is missing.
set -euo pipefail
export CHECKPOINT_DISABLE=1
bin="${TERRAFORM_BINARY_NAME:-terraform}"
case "${1:-}" in
  deploy | destroy | diff | plan | apply | output | outputs | watch)
    if ! command -v "$bin" >/dev/null 2>&1; then
      echo "cdktf $1: '$bin' is not on PATH; install Terraform >= 1.2 (or OpenTofu and set TERRAFORM_BINARY_NAME=tofu). 'cdktf synth' needs neither." >&2
      exit 2
    fi
    ;;
esac
exec cdktf "$@"
