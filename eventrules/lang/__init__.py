"""The rule language: AST, parser (DSL and YAML front ends) and loader."""
