#!/usr/bin/env bash
# check --kube-version V for every version 1.24 ... 1.37 over fixtures/kube-versions/:
# what each version accepts and refuses, with the exact messages (stderr first: stdout is
# flushed at exit) and the exit code.
set -u
for minor in $(seq 24 37); do
  for policy in plain lenient star-group resource-names; do
    echo "== 1.$minor $policy"
    "$AUDITSIM" check --kube-version "1.$minor" "fixtures/kube-versions/$policy.yaml" 2>&1
    echo "exit $?"
  done
done
