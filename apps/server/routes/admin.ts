import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pauseJob, resetJob, resumeJob } from '../../admin/job-actions.js';
import { discardQuarantined, getQuarantined, retryQuarantined } from '../../admin/quarantine-actions.js';
import type { ServerDependencies } from '../server.js';

const JobParams = z.object({ id: z.string().min(1) });
const QuarantineParams = z.object({ id: z.coerce.number().int().positive() });
const Limit = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  job: z.string().optional(),
});
const PauseBody = z.object({ reason: z.string().max(500).optional() }).default({});
const ResetBody = z.object({ stream: z.string().optional(), from: z.string().optional() }).default({});
const SyncBody = z.object({ full: z.boolean().default(false) }).default({ full: false });
const RetryBody = z.object({ from: z.string().optional() }).default({});

/** Equal-length digests, so the comparison takes the same time whatever the token's length. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `/api/admin/*`: the admin CLI's operations as JSON, behind `Authorization: Bearer <server.adminToken>`.
 * Every change is audited; the actor is `api:<X-Casebridge-Actor header, or "admin">`.
 */
export function register(app: FastifyInstance, deps: ServerDependencies): void {
  const admin = deps.admin;
  if (admin === undefined) return;

  const authorise = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = admin.token();
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (token === undefined) {
      return reply.code(401).send({
        error: {
          code: 'admin_disabled',
          message: 'the admin API is off: set server.adminToken in the config',
        },
      });
    }
    if (given === '' || !sameToken(given, token)) {
      return reply
        .code(401)
        .send({ error: { code: 'unauthorized', message: 'send Authorization: Bearer <server.adminToken>' } });
    }
  };
  const actor = (request: FastifyRequest) => {
    const named = request.headers['x-casebridge-actor'];
    return `api:${typeof named === 'string' && /^[\w.@-]{1,64}$/.test(named) ? named : 'admin'}`;
  };

  app.register(async (scope) => {
    scope.addHook('onRequest', authorise);
    const cb = () => admin.casebridge;

    scope.get('/api/admin/jobs', async () => ({ jobs: await cb().health() }));
    scope.get('/api/admin/jobs/:id', async (request) => {
      const { id } = JobParams.parse(request.params);
      const job = cb().job(id);
      return (await cb().health()).find((h) => h.job === job.id);
    });
    scope.get('/api/admin/jobs/:id/runs', async (request) => {
      const { id } = JobParams.parse(request.params);
      cb().job(id);
      return { runs: await cb().store.syncRuns.history(id, Limit.parse(request.query).limit) };
    });
    scope.post('/api/admin/jobs/:id/pause', async (request) => {
      const { id } = JobParams.parse(request.params);
      await pauseJob(cb(), id, actor(request), PauseBody.parse(request.body ?? {}).reason ?? null);
      return { job: id, paused: true };
    });
    scope.post('/api/admin/jobs/:id/resume', async (request) => {
      const { id } = JobParams.parse(request.params);
      await resumeJob(cb(), id, actor(request));
      return { job: id, paused: false };
    });
    scope.post('/api/admin/jobs/:id/reset', async (request) => {
      const { id } = JobParams.parse(request.params);
      const body = ResetBody.parse(request.body ?? {});
      return { job: id, ...(await resetJob(cb(), id, actor(request), body)) };
    });
    scope.post('/api/admin/jobs/:id/sync', async (request, reply) => {
      const { id } = JobParams.parse(request.params);
      cb().job(id);
      const { full } = SyncBody.parse(request.body ?? {});
      await cb().store.auditLog.record({
        actor: actor(request),
        action: 'jobs.sync',
        target: id,
        details: { full },
      });
      await admin.triggerRun(id, full);
      return reply.code(202).send({ job: id, accepted: true, full });
    });

    scope.get('/api/admin/quarantine', async (request) => {
      const { limit, job } = Limit.parse(request.query);
      return { records: await cb().store.quarantine.list(job, limit) };
    });
    scope.get('/api/admin/quarantine/:id', async (request) =>
      getQuarantined(cb(), QuarantineParams.parse(request.params).id),
    );
    scope.post('/api/admin/quarantine/:id/retry', async (request) => {
      const { id } = QuarantineParams.parse(request.params);
      const { from } = RetryBody.parse(request.body ?? {});
      const result = await retryQuarantined(cb(), id, actor(request), from);
      return { id, job: result.record.jobId, stream: result.record.stream, from: result.from };
    });
    scope.post('/api/admin/quarantine/:id/discard', async (request) => {
      const { id } = QuarantineParams.parse(request.params);
      await discardQuarantined(cb(), id, actor(request));
      return { id, discarded: true };
    });
    scope.get('/api/admin/audit', async (request) => ({
      entries: await cb().store.auditLog.recent(Limit.parse(request.query).limit),
    }));
  });
}
