import { ClockAdvanceRequest, ClockResponse, StartInstanceRequest, StartInstanceResponse } from '../api';
import { json, type RouteSpec } from './route-spec';

/** Only with TEST_CLOCK=1: moving the server’s clock in tests. */
export const TEST_CLOCK_ROUTES = {
  advanceTestClock: {
    method: 'post',
    path: '/test/clock',
    tag: 'Testing',
    summary: 'Advance the test clock',
    description:
      'Only when the server runs with `TEST_CLOCK=1` (refused in production mode). Moves the server’s clock forward and fires every timer that falls due, in order, before it answers.',
    access: 'user',
    body: { schema: ClockAdvanceRequest, media: 'application/json' },
    answers: { 200: json(ClockResponse, 'The clock moved; `now` is the new server time.') },
    problems: [400, 401, 403, [404, 'The test clock is not enabled (`TEST_CLOCK` is not `1`).']],
    testClockOnly: true,
  },
  startCalledProcess: {
    method: 'post',
    path: '/test/instances',
    tag: 'Testing',
    summary: 'Start a process that only a call activity may start, in isolation (added to the contract)',
    description:
      'Only when the server runs with `TEST_CLOCK=1` (refused in production mode), so the scenario tests can walk `mdo` or ' +
      '`plaatsingscoordinatie` on their own. `POST /api/instances` refuses such a process with 422; this starts it as ' +
      'its caller would, with the same team and access checks.',
    access: 'user',
    body: { schema: StartInstanceRequest, media: 'application/json' },
    answers: { 201: json(StartInstanceResponse, 'Started.') },
    problems: [400, 401, 403, [404, 'The test clock is not enabled, or the definition or case is unknown.'], 413],
    testClockOnly: true,
  },
} satisfies Record<string, RouteSpec>;
