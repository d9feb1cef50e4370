import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { IConfigMap } from 'kubernetes-models/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ofKind, rendered } from '../src/k8s-tree';
import { isJsonObject, type JsonValue } from '../src/kustomize/k8s-object';
import { knownMetricNames, metricsInQuery } from '../src/metric-catalogue';
import { workspaceRoot } from '../src/workspace-root';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

const prod = rendered('k8s/overlays/prod');
const monitoring = rendered('k8s/monitoring');
const rules: Rule[] = prod
  .filter((object) => object.kind === 'PrometheusRule')
  .flatMap((object) =>
    ((object['spec'] as { groups: { rules: Rule[] }[] }).groups ?? []).flatMap((group) => group.rules),
  );
const known = knownMetricNames();

function unknownMetrics(query: string): string[] {
  const used = metricsInQuery(query);
  if (used.length === 0) return [`(no metric in ${query})`];
  return used.filter((name) => !known.has(name));
}

describe('alert rules (PrometheusRule, prod)', () => {
  it.each([
    ['HotpathCacheHitRatioLow', /< 0\.9\b/],
    [
      'HotpathCacheGetLatencyHigh',
      /histogram_quantile\(0\.99[\s\S]*route="\/api\/v2\/cache\/entries\/:key"[\s\S]*> 0\.005/,
    ],
    ['HotpathApiLatencyHigh', /histogram_quantile\(0\.95[\s\S]*> 0\.05/],
    ['HotpathCircuitBreakerOpen', /resilience_breaker_state\) >= 2/],
    ['HotpathQueueBacklog', /bullmq_queue_jobs/],
    ['HotpathDbPoolSaturated', /> 0\.8\b/],
    ['HotpathRateLimitFallback', /rate\(hotpath_rate_limit_fallback_total\[5m\]\)\) > 0/],
  ])('alerts with %s on the target from the seeds', (alert, expression) => {
    const rule = rules.find((item) => item.alert === alert);
    expect(rule?.expr).toMatch(expression);
    expect(rule?.labels?.['severity']).toMatch(/^(warning|critical)$/);
  });

  it('reads only metrics the services export (or the upcoming ones listed in metric-catalogue.ts)', () => {
    const records = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
    for (const rule of rules) {
      const usesRecord = [...records].some((record) => rule.expr.includes(record));
      expect({
        rule: rule.alert ?? rule.record,
        unknown: usesRecord ? [] : unknownMetrics(rule.expr),
      }).toEqual({
        rule: rule.alert ?? rule.record,
        unknown: [],
      });
    }
  });
});

describe('prometheus-adapter rules (k8s/monitoring)', () => {
  const config = ofKind<IConfigMap>(monitoring, 'ConfigMap').find(
    (item) => item.metadata?.name === 'prometheus-adapter-hotpath',
  );
  const adapter = parse(config?.data?.['config.yaml'] ?? '') as {
    rules: { seriesQuery: string; name: { as: string }; metricsQuery: string }[];
    externalRules: { seriesQuery: string; name: { as: string }; metricsQuery: string }[];
  };

  it('serves every custom and external metric the HPAs ask for', () => {
    const hpas = ofKind<IHorizontalPodAutoscaler>(prod, 'HorizontalPodAutoscaler');
    const podsMetrics = new Set(
      hpas.flatMap((hpa) => hpa.spec?.metrics?.flatMap((metric) => metric.pods?.metric.name ?? []) ?? []),
    );
    const externalMetrics = new Set(
      hpas.flatMap((hpa) => hpa.spec?.metrics?.flatMap((metric) => metric.external?.metric.name ?? []) ?? []),
    );
    expect([...podsMetrics]).toEqual(['http_requests_per_second']);
    expect([...externalMetrics]).toEqual(['hotpath_queue_waiting_jobs']);
    expect(adapter.rules.map((rule) => rule.name.as)).toEqual([...podsMetrics]);
    expect(adapter.externalRules.map((rule) => rule.name.as)).toEqual([...externalMetrics]);
  });

  it('derives requests per second from the latency histogram and queue depth without summing pods', () => {
    expect(adapter.rules[0].seriesQuery).toContain('http_server_request_duration_seconds_count');
    expect(adapter.rules[0].metricsQuery).toMatch(
      /rate\(<<\.Series>>\{<<\.LabelMatchers>>,route!~"\/health\/\.\*\|\/metrics"\}\[1m\]\)/,
    );
    expect(adapter.externalRules[0].seriesQuery).toContain('bullmq_queue_jobs');
    expect(adapter.externalRules[0].metricsQuery).toMatch(/^max by \(queue\)/);
    for (const rule of [...adapter.rules, ...adapter.externalRules])
      expect(unknownMetrics(rule.seriesQuery)).toEqual([]);
  });
});

describe('Grafana dashboard (k8s/monitoring)', () => {
  const config = ofKind<IConfigMap>(monitoring, 'ConfigMap').find(
    (item) => item.metadata?.name === 'hotpath-grafana-dashboard',
  );

  it('is generated from grafana-dashboard.json with the sidecar label and a fixed name', () => {
    const file = readFileSync(join(workspaceRoot(), 'k8s/monitoring/grafana-dashboard.json'), 'utf8');
    expect(config?.metadata?.labels?.['grafana_dashboard']).toBe('1');
    expect(config?.metadata?.namespace).toBe('monitoring');
    expect(config?.data?.['hotpath.json']).toBe(file);
  });

  it('charts only metrics the services export, in panels with unique ids', () => {
    const dashboard = JSON.parse(config?.data?.['hotpath.json'] ?? '{}') as JsonValue;
    if (!isJsonObject(dashboard) || !Array.isArray(dashboard['panels'])) throw new Error('no panels');
    const panels = dashboard['panels'].filter(isJsonObject);
    const ids = panels.map((panel) => panel['id']);
    expect(new Set(ids).size).toBe(ids.length);
    const queries = panels.flatMap((panel) =>
      Array.isArray(panel['targets'])
        ? panel['targets'].filter(isJsonObject).map((target) => String(target['expr']))
        : [],
    );
    expect(queries.length).toBeGreaterThan(15);
    for (const query of queries)
      expect({ query, unknown: unknownMetrics(query) }).toEqual({ query, unknown: [] });
    for (const metric of [
      'http_server_request_duration_seconds',
      'hotpath_cache_hits_total',
      'hotpath_cache_misses_total',
    ]) {
      expect(queries.some((query) => metricsInQuery(query).includes(metric))).toBe(true);
    }
  });
});
