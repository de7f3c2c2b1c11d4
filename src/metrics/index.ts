/** Prometheus metrics of the service (prom-client): one registry per process, names prefixed `afis_`. */
export { createServiceMetrics, type ServiceMetrics, type MetricsSources, type MetricsPriority } from './create-service-metrics.js';
