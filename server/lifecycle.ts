/** What an instance knows about its own state; the readiness check reads it. */
export class Lifecycle {
  /** Set on SIGTERM: the instance finishes what it has but wants no new traffic. */
  draining = false;
  /** Set once every migration this release knows has been seen applied. */
  schemaCurrent = false;
}
