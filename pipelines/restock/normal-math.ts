/** Standard normal helpers for the large-mean branch of the demand distribution. */

const INV_SQRT_2PI = 0.3989422804014327;

export function stdNormalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * Complementary error function, Chebyshev fit with relative error below 1.2e-7 everywhere
 * (the classic erfc approximation of W. H. Press et al.), ample for service-level work.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? r : 2 - r;
}

export function stdNormalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal loss function E[(Z - z)+] = pdf(z) - z (1 - cdf(z)). */
export function stdNormalLoss(z: number): number {
  return Math.max(0, stdNormalPdf(z) - z * (1 - stdNormalCdf(z)));
}
