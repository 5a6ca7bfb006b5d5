/**
 * Types for mvdan-sh, the GopherJS build of mvdan/sh's Go `syntax` package (the npm package ships
 * none). Go struct fields appear as properties, Go methods as functions; nil pointers are null.
 * Only what parser.ts uses is declared.
 */
declare module 'mvdan-sh' {
  /** syntax.Pos: a packed position. Line and Col are 1-based; Col and Offset count UTF-8 bytes. */
  export interface GoPos {
    Line(): number;
    Col(): number;
    Offset(): number;
    IsValid(): boolean;
  }

  /** Any syntax node; fields are read by name in parser.ts. */
  export interface GoNode {
    Pos(): GoPos;
    End(): GoPos;
    readonly [field: string]: unknown;
  }

  /** syntax.ParseError as thrown by Parser.Parse. */
  export interface GoParseError {
    Text: string;
    Pos: GoPos;
    Incomplete: boolean;
  }

  /** The `syntax` package. */
  export interface Syntax {
    NewParser(...options: unknown[]): { Parse(src: string, name: string): GoNode };
    NodeType(node: GoNode): string;
    SplitBraces(word: GoNode): GoNode;
  }

  const sh: { syntax: Syntax };
  export default sh;
}
