declare module "oas-validator" {
  const validator: {
    validateInner(openapi: unknown, options: Record<string, unknown>): Promise<unknown>;
  };
  export default validator;
}
