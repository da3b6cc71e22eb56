// Placeholder while the screen is built (issue 4).
export function TaskPage(_props: { taskId: string }) {
  return <h1>Taak</h1>;
}
