"""Import TABARI and PETRARCH dictionaries into eventrules rule and actor files.

One job per module: `common` (reading legacy lines, the conversion report, YAML
writing), `verbs` (TABARI `.verbs` and PETRARCH-1 verb patterns), `petrarch2`
(the PETRARCH-2 `CAMEO.2.0.txt` syntax), `actors`, `agents`, `discards`,
`convert` (a whole dictionary set -> an output directory) and `validate` (the
peers' validation suites).
"""
