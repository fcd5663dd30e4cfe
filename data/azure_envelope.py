#!/usr/bin/env python3
"""Measures the Azure envelope of data/sinks.yaml on real AKS diagnostic records.

For every AKS kube-audit record given (Event Hub / storage shape: {"records": [...]},
one record per line, or one pretty-printed record), it computes the size Log Analytics
bills for that event under its documented rule — the string representation of every
stored column except _ResourceId, _SubscriptionId, _ItemId, _IsBillable, _BilledSize and
Type — in the resource-specific AKSAudit table, and compares it with what the envelope
model of data/sinks.yaml predicts from the kube-apiserver line alone:

    billed = bytesPerEvent + bytesFactor * (line bytes, newline included)

Strings count their UTF-8 bytes, dynamic columns their compact JSON, datetimes their
ISO 8601 text; a column that is absent (no requestObject at Metadata) counts nothing.
The corpus holds no _BilledSize values, so this checks the model against the rule, not
the rule against Azure's meter.

Usage: data/azure_envelope.py FILE... (prints one line per record and the totals)
"""
import json
import sys

# AKSAudit's billed columns (azure-monitor-ref tables/aksaudit): event field -> column.
EVENT_COLUMNS = [
    ("level", "Level"), ("stage", "Stage"), ("verb", "Verb"), ("user", "User"),
    ("requestURI", "RequestUri"), ("objectRef", "ObjectRef"),
    ("requestObject", "RequestObject"), ("responseObject", "ResponseObject"),
    ("responseStatus", "ResponseStatus"), ("sourceIPs", "SourceIps"),
    ("userAgent", "UserAgent"), ("annotations", "Annotations"), ("auditID", "AuditId"),
    ("requestReceivedTimestamp", "RequestReceivedTime"),
    ("stageTimestamp", "StageReceivedTime"),
]
TENANT_ID_BYTES = 36       # the workspace GUID
TIME_GENERATED_BYTES = 28  # 2020-05-08T22:44:17.8622010Z
SOURCE_SYSTEM = "Azure"

POD_NAME_BYTES = 31        # kube-apiserver-6df5497d6d-g2vd7, for an event without its record


def value_bytes(value):
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def billed_aksaudit(event, pod):
    size = sum(value_bytes(event.get(field)) for field, _ in EVENT_COLUMNS)
    pod_bytes = value_bytes(pod) if pod else POD_NAME_BYTES
    return size + pod_bytes + TENANT_ID_BYTES + TIME_GENERATED_BYTES + len(SOURCE_SYSTEM)


# AzureDiagnostics (legacy mode) stores the record's fields as columns, the event as the
# string log_s; SubscriptionId, ResourceGroup, ResourceProvider, ResourceType and Resource
# are split out of resourceId (so its bytes count about twice).
def billed_azurediagnostics(record, line):
    props = record.get("properties", {})
    size = TENANT_ID_BYTES + TIME_GENERATED_BYTES + len(SOURCE_SYSTEM)
    size += 2 * value_bytes(record.get("resourceId"))
    for key in ("operationName", "category", "ccpNamespace", "Cloud", "Environment",
                "UnderlayClass", "UnderlayName"):
        size += value_bytes(record.get(key))
    for key in ("pod", "stream", "containerID"):
        size += value_bytes(props.get(key))
    return size + len(line.encode("utf-8"))


def records_of(path):
    text = open(path, encoding="utf-8-sig").read()
    try:
        doc = json.loads(text)
        docs = doc.get("records", [doc]) if isinstance(doc, dict) else doc
        if isinstance(doc, dict) and doc.get("kind") == "Event":  # an event, unwrapped
            docs = [{"properties": {"log": json.dumps(doc, separators=(",", ":"))}}]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    for record in docs:
        if "category" not in record and "properties" not in record:
            continue  # a raw event or another platform's entry in a mixed file
        props = record.get("properties", {})
        log = props.get("log")
        if isinstance(log, dict):
            log = json.dumps(log, separators=(",", ":"))
        if not log:
            continue
        event = json.loads(log)
        if "level" not in event:  # a stub, not an event kube-apiserver writes
            continue
        # the line kube-apiserver writes: compact JSON and a newline
        line = log if log.endswith("\n") else log + "\n"
        yield (len(line.encode("utf-8")), billed_aksaudit(event, props.get("pod")),
               billed_azurediagnostics(record, line) if "resourceId" in record else None)


def main(paths):
    rows = [row for path in paths for row in records_of(path)]
    if not rows:
        sys.exit("azure_envelope: no AKS audit events in " + " ".join(paths))
    lines = sum(r[0] for r in rows)
    billed = sum(r[1] for r in rows)
    n = len(rows)
    # least squares for billed = a + b * line over the records
    mean_l, mean_b = lines / n, billed / n
    sxx = sum((r[0] - mean_l) ** 2 for r in rows)
    sxy = sum((r[0] - mean_l) * (r[1] - mean_b) for r in rows)
    b = sxy / sxx if sxx else 1.0
    a = mean_b - b * mean_l
    offsets = [r[1] - r[0] for r in rows]
    per_event = sum(offsets) / n  # the model: factor 1, mean offset
    print(f"records {n}: line bytes {lines}, AKSAudit billed bytes {billed}")
    print(f"fit billed = {a:.1f} + {b:.4f} * line; mean offset (factor 1) {per_event:.1f}")
    worst = 0.0
    for line, bill, _ in rows:
        model = line + round(per_event)
        err = (model - bill) / bill
        worst = max(worst, abs(err))
        print(f"  line {line:6d}  billed {bill:6d}  model {model:6d}  error {100 * err:+.1f}%")
    total_model = lines + round(per_event) * n
    print(f"model with {round(per_event)} bytes per event: total error "
          f"{100 * (total_model - billed) / billed:+.2f}%, worst record {100 * worst:.1f}%")
    legacy = [(r[0], r[2]) for r in rows if r[2] is not None]
    if not legacy:
        return
    extra = sum(b - l for l, b in legacy) / len(legacy)
    print(f"AzureDiagnostics (legacy) on {len(legacy)} records: billed = line + {extra:.1f} "
          f"bytes per event on average (from {min(b - l for l, b in legacy)} to "
          f"{max(b - l for l, b in legacy)})")


if __name__ == "__main__":
    main(sys.argv[1:])
