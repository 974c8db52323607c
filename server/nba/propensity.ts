import betaFactory from '@stdlib/random-base-beta';

/** A draw from Beta(alpha, beta). */
export type BetaDraw = (alpha: number, beta: number) => number;

/** Thompson sampling's source of randomness; seeded for the simulation, so its figures repeat. */
export function betaDraw(seed?: number): BetaDraw {
  const draw = seed === undefined ? betaFactory.factory() : betaFactory.factory({ seed });
  return (alpha, beta) => draw(alpha, beta);
}

export type LearnedResponse = 'accepted' | 'declined' | 'saved' | 'lost';

interface Counts {
  accepted: number;
  declined: number;
  saved: number;
  lost: number;
}

const empty = (): Counts => ({ accepted: 0, declined: 0, saved: 0, lost: 0 });

/**
 * How many pseudo-responses a segment borrows from the action's record in the other segments.
 * Enough that a segment seen for the first time starts near what the action does elsewhere,
 * few enough that a dozen of its own responses outweigh it.
 */
const POOLED_PRIOR_WEIGHT = 4;

interface Posterior {
  alpha: number;
  beta: number;
}

export interface PropensityEstimate {
  /** Posterior mean of the propensity. */
  mean: number;
  /** Responses seen in this segment. */
  evidence: number;
}

/**
 * Acceptance (and, for retention offers, staying after accepting) per action and segment, as
 * Beta-Bernoulli posteriors. The prior is Beta(1, 1) plus a few pseudo-responses pooled from the
 * action's other segments (a simple hierarchical prior): a new action starts at 50% and gets
 * shown, a known action in a new segment starts where it stands elsewhere. Ranking uses a
 * Thompson draw, so uncertain actions are explored in proportion to their chance of being best.
 */
export class PropensityLearner {
  private readonly bySegment = new Map<string, Counts>();
  private readonly byAction = new Map<string, Counts>();

  record(actionId: string, segment: string, response: LearnedResponse, count = 1): void {
    for (const [map, key] of [
      [this.bySegment, `${actionId}\u0000${segment}`],
      [this.byAction, actionId],
    ] as const) {
      const counts = map.get(key) ?? empty();
      counts[response] += count;
      map.set(key, counts);
    }
  }

  estimate(actionId: string, segment: string, retention: boolean): PropensityEstimate {
    const accept = this.posterior(actionId, segment, 'accepted', 'declined');
    let mean = accept.alpha / (accept.alpha + accept.beta);
    if (retention) {
      const stay = this.posterior(actionId, segment, 'saved', 'lost');
      mean *= stay.alpha / (stay.alpha + stay.beta);
    }
    const own = this.bySegment.get(`${actionId}\u0000${segment}`) ?? empty();
    return { mean, evidence: own.accepted + own.declined };
  }

  /** One Thompson draw of the propensity. */
  sample(actionId: string, segment: string, retention: boolean, draw: BetaDraw): number {
    const accept = this.posterior(actionId, segment, 'accepted', 'declined');
    let value = draw(accept.alpha, accept.beta);
    if (retention) {
      const stay = this.posterior(actionId, segment, 'saved', 'lost');
      value *= draw(stay.alpha, stay.beta);
    }
    return value;
  }

  private posterior(actionId: string, segment: string, success: keyof Counts, failure: keyof Counts): Posterior {
    const own = this.bySegment.get(`${actionId}\u0000${segment}`) ?? empty();
    const all = this.byAction.get(actionId) ?? empty();
    const otherSuccess = all[success] - own[success];
    const otherFailure = all[failure] - own[failure];
    const pooledMean = (1 + otherSuccess) / (2 + otherSuccess + otherFailure);
    return {
      alpha: 1 + POOLED_PRIOR_WEIGHT * pooledMean + own[success],
      beta: 1 + POOLED_PRIOR_WEIGHT * (1 - pooledMean) + own[failure],
    };
  }
}
