import 'reflect-metadata';
import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommonConfig } from '@citizen-desk/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { STAFF_TOKEN_VERIFIER, staffAuthProviders } from '@citizen-desk/auth';
import { DeadLettersController } from './dead-letters.controller';
import { DomainErrorFilter } from './domain-error.filter';
import { HealthController } from './health.controller';
import { ServiceRuntime } from './service-runtime';

export interface HttpAppOptions {
  runtime: ServiceRuntime;
  controllers: Type<unknown>[];
  providers?: Provider[];
  port: number;
  host: string;
  /** Largest accepted request body. */
  bodyLimit?: number;
  /** Registers content-type parsers before routes (the gateway keeps raw bodies for signatures). */
  configureFastify?: (app: NestFastifyApplication) => void;
  openApi?: { title: string; description: string };
}

/** Swagger UI loads its own scripts from /docs (none inline) and styles itself inline; no framing. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Fastify's trustProxy from TRUSTED_PROXIES: X-Forwarded-* count only when the peer is one of those
 * proxies, and `request.ip` is the right-most address in the chain that is not, so a client cannot
 * pick its own address (the sign-in limits count per address). Never `true`, which would believe
 * any client's header.
 */
export function trustProxyOf(config: Pick<CommonConfig, 'TRUSTED_PROXIES'>): string[] | false {
  return config.TRUSTED_PROXIES ?? ['loopback'];
}

/**
 * A Nest application on Fastify with the runtime injectable, health routes, the admins' dead-letter
 * routes and OpenAPI docs at /docs. A service without staff routes of its own (the gateway) gets the
 * runtime's staff token verifier for the admin routes.
 */
export async function createHttpApp(opts: HttpAppOptions): Promise<NestFastifyApplication> {
  @Module({})
  class ServiceModule {}
  const providers = opts.providers ?? [];
  const hasVerifier = providers.some(
    (p) => typeof p === 'object' && 'provide' in p && p.provide === STAFF_TOKEN_VERIFIER,
  );
  const module: DynamicModule = {
    module: ServiceModule,
    controllers: [HealthController, DeadLettersController, ...opts.controllers],
    providers: [
      { provide: ServiceRuntime, useValue: opts.runtime },
      ...providers,
      ...(hasVerifier ? [] : staffAuthProviders(await opts.runtime.staffTokenVerifier())),
    ],
  };
  const adapter = new FastifyAdapter({
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    trustProxy: trustProxyOf(opts.runtime.config),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: ['error', 'warn'],
    bodyParser: !opts.configureFastify,
    // A start-up failure must reach the caller (and its shutdown path), not exit the process.
    abortOnError: false,
  });
  app.useGlobalFilters(new DomainErrorFilter());
  opts.configureFastify?.(app);
  if (opts.openApi) {
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(opts.openApi.title)
        .setDescription(opts.openApi.description)
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (request, reply) => {
        if (request.url === '/docs' || request.url.startsWith('/docs/') || request.url.startsWith('/docs?')) {
          reply.header('content-security-policy', DOCS_CSP);
          reply.header('x-frame-options', 'DENY');
        }
      });
  }
  await app.listen(opts.port, opts.host);
  return app;
}

/** The loopback URL the app listens on (the real port when it was started on port 0). */
export function listeningUrl(app: NestFastifyApplication, fallbackPort: number): string {
  const address = app.getHttpServer().address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : fallbackPort}`;
}
