/** The floor's one activity: it does nothing, so all that is timed is Temporal's own work. */
export function createFloorActivities() {
  return {
    async noop(step: number): Promise<number> {
      return step;
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;
