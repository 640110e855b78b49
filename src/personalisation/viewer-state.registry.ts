import { Injectable } from '@nestjs/common';

/** The kinds of resource that carry a caller's own field. */
export type PersonalKind = 'user' | 'post';

/** Which of `ids` the viewer has a relation to (follows, likes): one query per batch. */
export type AmongFn = (viewerId: number, ids: number[]) => Promise<Set<number>>;

interface ViewerState {
  field: string;
  among: AmongFn;
  /** The cache namespaces whose writes change the answer for this viewer. */
  dependsOn: (viewerId: number) => string[];
}

/**
 * Where the features that own a relation register how to answer it: follows
 * answers `following` on users, posts answers `liked` on posts. The
 * personalisation layer sits below every feature and so knows none of them.
 */
@Injectable()
export class ViewerStateRegistry {
  private readonly states = new Map<PersonalKind, ViewerState>();

  register(kind: PersonalKind, state: ViewerState): void {
    if (this.states.has(kind)) throw new Error(`viewer state for ${kind} is registered twice`);
    this.states.set(kind, state);
  }

  get(kind: PersonalKind): ViewerState {
    const state = this.states.get(kind);
    if (!state) throw new Error(`no feature registered the viewer state of ${kind}`);
    return state;
  }
}
