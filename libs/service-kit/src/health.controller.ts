import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { metricsRegistry } from '@citizen-desk/observability';
import { ServiceRuntime } from './service-runtime';

/** Kubernetes probes and the Prometheus scrape, the same on every service. */
@Controller()
export class HealthController {
  constructor(private readonly runtime: ServiceRuntime) {}

  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'ok', service: this.runtime.service };
  }

  @Get('health/ready')
  async ready(@Res() reply: FastifyReply) {
    const checks = await this.runtime.readiness();
    const ok = checks.database && checks.broker && !this.runtime.isStopping;
    reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', stopping: this.runtime.isStopping, ...checks });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics() {
    return metricsRegistry.metrics();
  }
}
