// The service, written as a plain TypeScript interface: this file is the IDL. After changing
// it, run `npm run generate` to update src/gen/greeter.ts.

export interface GreetRequest {
  /** @minLength 1 @maxLength 100 */
  name: string;
  /** How many greetings `greetMany` sends; default 3. @integer @minimum 1 @maximum 100 */
  times?: number;
}

export interface Greeting {
  message: string;
}

/** A service is an exported interface whose members are all methods. */
export interface Greeter {
  /** Unary: one request, one reply. */
  greet(req: GreetRequest): Promise<Greeting>;
  /** Server stream: one request, `times` replies. */
  greetMany(req: GreetRequest): AsyncIterable<Greeting>;
}
