import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ClientInterceptors } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/**
 * Traces: client → workflow → activity → provider call, through Temporal's OpenTelemetry
 * interceptors (headers carry the context across processes). Off unless an OTLP endpoint is set.
 */
export interface Tracing {
  resource: Resource;
  /** Where finished spans go, including the workflow's (through the worker's `exporter` sink). */
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

/** The standard OTLP variables turn it on: OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (OTLP/HTTP). */
export function tracingFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  // The exporter reads its URL, headers and timeout from the same OTEL_EXPORTER_OTLP_* variables.
  return installTracing(new BatchSpanProcessor(new OTLPTraceExporter()), env.OTEL_SERVICE_NAME ?? serviceName);
}

/** Registers the process-wide tracer provider (and async context propagation) sending spans to `spanProcessor`. */
export function installTracing(spanProcessor: SpanProcessor, serviceName: string): Tracing {
  const resource = new Resource({ 'service.name': serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { resource, spanProcessor, shutdown: () => provider.shutdown() };
}

/** Tracing switched off: workflow spans are dropped at the worker. */
export const noTracing: Pick<Tracing, 'resource' | 'spanProcessor'> = { resource: Resource.empty() as Resource, spanProcessor: new NoopSpanProcessor() };

/** For every Temporal Client of ours (CLI, API, tests): starts the trace that the worker continues. */
export function tracingClientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}
