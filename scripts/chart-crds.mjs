// chart-crds.mjs CRDS.json: validates the custom resources the chart renders (JSON lines from
// scripts/chart_manifests.py split) against the OpenAPI schemas of their CRDs, as packaged by the
// npm packages @kubernetes-models/gateway-api (HTTPRoute) and @kubernetes-models/prometheus-operator
// (ServiceMonitor) in tools/. Their validators check types, enums, patterns and required fields;
// like the API server without strict field validation, they let unknown fields pass.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const models = join(dirname(fileURLToPath(import.meta.url)), "..", "tools", "node_modules", "@kubernetes-models");
const kinds = {
  "gateway.networking.k8s.io/v1 HTTPRoute": ["gateway-api/gateway.networking.k8s.io/v1/HTTPRoute.js", "HTTPRoute"],
  "monitoring.coreos.com/v1 ServiceMonitor": ["prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor.js", "ServiceMonitor"],
};
let failed = 0;
const lines = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
for (const line of lines) {
  const doc = JSON.parse(line);
  const key = `${doc.apiVersion} ${doc.kind}`;
  if (!kinds[key]) throw new Error(`no CRD schema for ${key}`);
  const [file, name] = kinds[key];
  const Model = (await import(pathToFileURL(join(models, file)).href))[name];
  try {
    new Model(doc).validate();
    console.log(`ok   ${key} ${doc.metadata.name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${key} ${doc.metadata.name}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
