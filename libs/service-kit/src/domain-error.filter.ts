import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError, HTTP_STATUS_OF_DOMAIN_ERROR } from '@citizen-desk/contracts';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** The body of a refused request: Nest's usual error shape plus the domain's reason and details. */
export interface DomainErrorBody {
  statusCode: number;
  error: string;
  message: string;
  reason: string;
  [detail: string]: unknown;
}

export function domainErrorBody(e: DomainError): DomainErrorBody {
  const statusCode = HTTP_STATUS_OF_DOMAIN_ERROR[e.kind];
  // The details come first so that none of them can mask the status, the message or the reason.
  return {
    ...e.details,
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: e.message,
    reason: e.reason,
  };
}

/** Registered on every service's HTTP app: the one place where a domain refusal becomes a status code. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(e: DomainError, host: ArgumentsHost): void {
    const body = domainErrorBody(e);
    void host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode).send(body);
  }
}
