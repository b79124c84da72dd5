// The clock component: every answer differs between runs, on purpose.
export const clock = {
  now() {
    return new Date().toISOString();
  },
  newId() {
    return crypto.randomUUID();
  },
};
