// Kubernetes quantities as this repository writes them (k8s.io/apimachinery resource.Quantity,
// restricted to the forms the charts render): plain decimal, no exponent, no leading zeros.

/** CPU in millicores: "250m" or cores with at most three decimals ("0.25", "2"); undefined otherwise. */
export function cpuMillis(text: string): number | undefined {
  const millis = /^([1-9][0-9]{0,6})m$/.exec(text);
  if (millis) return Number(millis[1]);
  const cores = /^(0|[1-9][0-9]{0,3})(?:\.([0-9]{1,3}))?$/.exec(text);
  return cores ? Number(cores[1]) * 1000 + Number((cores[2] ?? '').padEnd(3, '0')) : undefined;
}

/** Memory in MiB: "64Mi" or "2Gi"; undefined otherwise. */
export function memoryMebibytes(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,6})(Mi|Gi)$/.exec(text);
  return match ? Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1) : undefined;
}

/** Sane bounds for one container: from what Autopilot still schedules to a large node. */
export const CPU_MILLIS = { min: 10, max: 32_000 } as const;
export const MEMORY_MEBIBYTES = { min: 16, max: 128 * 1024 } as const;
