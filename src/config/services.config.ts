import { isIP } from 'node:net';
import { registerAs } from '@nestjs/config';
import { IsOptional, IsString } from 'class-validator';
import { invalid, type RawEnvironment, validateVariables } from './env.js';

/** What one process can be told to serve (docs/SERVICES.md). */
export const SERVICE_NAMES = ['auth', 'users', 'follows', 'posts', 'worker'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

// Names proxy-addr (Fastify's trustProxy) knows for whole ranges of addresses.
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

export class ServicesVariables {
  /** Comma-separated service names this process serves; unset: all of them. */
  @IsOptional()
  @IsString()
  SERVICES?: string;

  /** Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function parseServices(value: string | undefined): ServiceName[] {
  const names = list(value);
  if (names.length === 0) return [...SERVICE_NAMES];
  const unknown = names.find((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw invalid('SERVICES', `unknown service "${unknown}" (known: ${SERVICE_NAMES.join(', ')})`);
  }
  return [...new Set(names as ServiceName[])];
}

/** True for an IPv4/IPv6 address, `address/prefix`, or one of proxy-addr's range names. */
function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits;
}

function parseTrustProxy(value: string | undefined): string[] {
  const entries = list(value);
  const bad = entries.find((entry) => !isProxyAddress(entry));
  if (bad !== undefined) {
    throw invalid(
      'TRUST_PROXY',
      `"${bad}" is not an IP address, a CIDR range or ${RANGE_NAMES.join('/')}`,
    );
  }
  return entries;
}

/**
 * The `services` namespace: which routes and jobs this process runs, and
 * which peers may say who the client is. Unset `SERVICES` is the monolith:
 * everything in one process. Unset `TRUST_PROXY` believes no one's
 * X-Forwarded-For, so nobody can forge an address to dodge a rate limit.
 */
export function readServicesConfig(raw: RawEnvironment) {
  const env = validateVariables(ServicesVariables, raw);
  const services = parseServices(env.SERVICES);
  return {
    services,
    serves: (name: ServiceName) => services.includes(name),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

export const servicesConfig = registerAs('services', () => readServicesConfig(process.env));
