declare module "swagger2openapi" {
  interface ConvertResult {
    openapi: unknown;
  }
  const s2o: {
    convertObj(spec: unknown, options: Record<string, unknown>): Promise<ConvertResult>;
  };
  export default s2o;
}
