// The first module extension.ts imports, so in the bundle this line runs
// before any other module's code: the start of our module's evaluation.
// (VS Code's own "Activation" figure, in Developer: Show Running Extensions,
// also counts reading and compiling the file; the activation bench reports both.)
export const moduleEvaluationStartedAt = performance.now();
