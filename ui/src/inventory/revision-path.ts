/** Where an applied revision's page lives. */
export function revisionPath(id: number): string {
  return `/inventory/revisions/${id}`;
}
