#!/usr/bin/env python3
"""Reads manifests rendered from charts/stargate-explorer (scripts/chart-check.sh, deploy-check.sh).

  chart_manifests.py split RENDERED BUILTIN.yaml CRDS.json
      the Kubernetes kinds (for kubernetes-validate) apart from the CRD kinds (HTTPRoute,
      ServiceMonitor: JSON lines for scripts/chart-crds.mjs); any other kind is an error
  chart_manifests.py expect CASE RENDERED [NGINX_CONF]
      what the ci/ value file CASE must have rendered (routing, hardening, optional parts)
  chart_manifests.py env RENDERED
      the explorer container's env as NAME=VALUE lines (values may not hold a newline)
"""
import json
import re
import sys

import yaml

BUILTIN = {"Deployment", "Service", "ServiceAccount", "HorizontalPodAutoscaler",
           "PodDisruptionBudget", "NetworkPolicy", "Ingress"}
CRDS = {("gateway.networking.k8s.io/v1", "HTTPRoute"), ("monitoring.coreos.com/v1", "ServiceMonitor")}
# through the explorer's nginx, always (it puts its sandboxing CSP on inscription content)
THROUGH_EXPLORER = ["/content", "/uploads", "/sandbox"]
BACKEND_PATHS = ["/api", "/bitcoin"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def one(docs, kind):
    found = [d for d in docs if d["kind"] == kind]
    assert len(found) == 1, f"want one {kind}, found {len(found)}"
    return found[0]


def kinds(docs):
    return {d["kind"] for d in docs}


def split(rendered, builtin_out, crds_out):
    docs = load(rendered)
    builtin, crds = [], []
    for d in docs:
        if d["kind"] in BUILTIN:
            builtin.append(d)
        elif (d["apiVersion"], d["kind"]) in CRDS:
            crds.append(d)
        else:
            raise SystemExit(f"{rendered}: no schema known for {d['apiVersion']} {d['kind']}")
    with open(builtin_out, "w", encoding="utf-8") as f:
        yaml.safe_dump_all(builtin, f, sort_keys=False)
    with open(crds_out, "w", encoding="utf-8") as f:
        for d in crds:
            f.write(json.dumps(d) + "\n")
    print(f"{len(builtin)} built-in, {len(crds)} custom resources")


def explorer_container(docs):
    pod = one(docs, "Deployment")["spec"]["template"]["spec"]
    return pod, next(c for c in pod["containers"] if c["name"] == "explorer")


def check_hardening(docs):
    pod, _ = explorer_container(docs)
    sc = pod["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["runAsUser"] == 101 and sc["runAsGroup"] == 101, sc
    assert sc["seccompProfile"]["type"] == "RuntimeDefault", sc
    assert pod["automountServiceAccountToken"] is False
    for c in pod["containers"]:
        csc = c["securityContext"]
        assert csc["readOnlyRootFilesystem"] is True and csc["allowPrivilegeEscalation"] is False, c["name"]
        assert csc["capabilities"]["drop"] == ["ALL"], c["name"]
        assert c["resources"]["limits"]["memory"] and c["resources"]["requests"]["cpu"], c["name"]
    assert {"name": "tmp", "mountPath": "/tmp"} in explorer_container(docs)[1]["volumeMounts"]
    assert next(v for v in pod["volumes"] if v["name"] == "tmp")["emptyDir"]["sizeLimit"]
    for sa in (d for d in docs if d["kind"] == "ServiceAccount"):
        assert sa["automountServiceAccountToken"] is False


def routes_of(docs):
    """{path: service name} of the Ingress and of the HTTPRoute (whichever are rendered)."""
    out = {}
    for d in docs:
        if d["kind"] == "Ingress":
            for rule in d["spec"]["rules"]:
                out["Ingress"] = {p["path"]: p["backend"]["service"]["name"] for p in rule["http"]["paths"]}
        if d["kind"] == "HTTPRoute":
            out["HTTPRoute"] = {r["matches"][0]["path"]["value"]: r["backendRefs"][0]["name"] for r in d["spec"]["rules"]}
    return out


def check_routes(docs, base, backend_direct):
    svc = one(docs, "Service")["metadata"]["name"]
    for kind, routes in routes_of(docs).items():
        assert routes[base.rstrip("/") or "/"] == svc, (kind, routes)
        for p in THROUGH_EXPLORER:
            assert routes[p] == svc, f"{kind}: {p} must go through the explorer's nginx: {routes}"
        for p in BACKEND_PATHS:
            want = "stargate-backend" if backend_direct else svc
            assert routes[p] == want, f"{kind}: {p} -> {routes[p]}, want {want}"


def body_size(nginx_conf):
    m = re.search(r"^\s*client_max_body_size\s+(\S+);", open(nginx_conf, encoding="utf-8").read(), re.M)
    assert m, f"{nginx_conf}: no client_max_body_size"
    return m.group(1)


def expect(case, rendered, nginx_conf=None):
    docs = load(rendered)
    check_hardening(docs)
    pod, c = explorer_container(docs)
    env = {e["name"]: e["value"] for e in c["env"]}
    base = env["BASE_PATH"]
    assert c["readinessProbe"]["httpGet"]["path"] == f"{base}health" == c["livenessProbe"]["httpGet"]["path"]
    optional = {"Ingress", "HTTPRoute", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor"}
    want = {
        "default": set(),
        "ingress-tls": {"Ingress"},
        "gateway-api": {"HTTPRoute"},
        "scaling": {"HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"},
        "scaling-prometheus": {"HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor"},
        "subpath": {"Ingress"},
        "digest": set(),
        "umbrella": {"Ingress"},
    }[case]
    assert kinds(docs) & optional == want, f"{case}: optional kinds {kinds(docs) & optional}, want {want}"
    check_routes(docs, base, backend_direct=case != "gateway-api")
    names = [x["name"] for x in pod["containers"]]
    annotations = one(docs, "Deployment")["spec"]["template"]["metadata"].get("annotations", {})
    if case == "default":
        assert names == ["explorer"] and base == "/" and "topologySpreadConstraints" not in pod
        assert c["image"].endswith(":" + one(docs, "Deployment")["metadata"]["labels"]["app.kubernetes.io/version"])
        assert [p["name"] for p in one(docs, "Service")["spec"]["ports"]] == ["http"]
    if case == "ingress-tls":
        ing = one(docs, "Ingress")
        assert ing["spec"]["tls"][0]["secretName"] == "stargate-tls" and env["HSTS"]
        assert ing["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"] == body_size(nginx_conf), \
            "the Ingress body-size limit must equal nginx.conf's client_max_body_size"
    if case.startswith("scaling"):
        assert "replicas" not in one(docs, "Deployment")["spec"], "the HPA owns the replica count"
        assert names == ["explorer", "exporter"] and pod["topologySpreadConstraints"][0]["whenUnsatisfiable"] == "DoNotSchedule"
        exporter = pod["containers"][1]
        assert f"--nginx.scrape-uri=http://127.0.0.1:{env['METRICS_PORT']}/stub_status" in exporter["args"]
        np = one(docs, "NetworkPolicy")["spec"]
        assert np["policyTypes"] == ["Ingress", "Egress"] and len(np["egress"]) == 2
        assert {p["port"] for r in np["ingress"] for p in r["ports"]} == {"http", "metrics"}, "stub_status stays closed"
        svc_ports = {p["name"] for p in one(docs, "Service")["spec"]["ports"]}
        assert svc_ports == {"http", "metrics"}, svc_ports
        if case == "scaling":
            assert annotations.get("prometheus.io/scrape") == "true", "scrape annotations without a ServiceMonitor"
        else:
            assert "prometheus.io/scrape" not in annotations, "a ServiceMonitor replaces the annotations"
    if case == "digest":
        assert all(re.search(r"@sha256:[0-9a-f]{64}$", x["image"]) for x in pod["containers"]), names
    if case in ("subpath", "umbrella"):
        assert base == "/explorer/" and routes_of(docs)["Ingress"]["/explorer"]
    if case == "umbrella":
        dep = one(docs, "Deployment")
        assert dep["metadata"]["name"].endswith("-frontend") and dep["spec"]["replicas"] == 3, dep["metadata"]
    print(f"{case}: {', '.join(sorted(kinds(docs)))}")


def env(rendered):
    _, c = explorer_container(load(rendered))
    for e in c["env"]:
        assert set(e) == {"name", "value"}, f"env {e['name']}: a plain value, no valueFrom"
        assert "\n" not in e["value"]
        print(f"{e['name']}={e['value']}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"split": split, "expect": expect, "env": env}[cmd](*args)
