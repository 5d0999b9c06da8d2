/// The files `kafka-scenario init` writes. They validate without warnings and pass on the embedded broker
/// (an end-to-end test runs them).
enum StarterFolder {
    struct File {
        var name: String
        var text: String
    }

    static func files(schema: String) -> [File] {
        [
            File(name: "smoke.yaml", text: smoke),
            File(name: "orders.yaml", text: orders),
            File(name: "scenario.schema.json", text: schema),
            File(name: "README.md", text: readme),
            File(name: "CI.md", text: ci),
        ]
    }

    static let smoke = #"""
    # yaml-language-server: $schema=./scenario.schema.json
    # The line above lets VS Code's YAML extension (and other yaml-language-server editors) complete keys and
    # underline mistakes. `kafka-scenario validate` checks the same rules before you push.
    #
    # A file with `name:` and `steps:` at the top is a single scenario (one JUnit testcase).
    name: the broker answers
    description: The cluster is reachable and has at least one broker.
    tags: [smoke]
    timeout: 10s                 # budget for the whole scenario (default 30s)
    steps:
      - cluster:
          brokers: ">= 1"        # a comparison: a number, or "<op> <number>" with == != < <= > >=
          connect_within: 5s     # durations: 250ms, 2s, 1.5s, 1m

    """#

    static let orders = #"""
    # yaml-language-server: $schema=./scenario.schema.json
    #
    # A suite: scenarios sharing topics, vars and stub processors. Each scenario is one JUnit testcase.
    # Every key is described in the scenario reference (docs/scenario-reference.md in the kafka-scenario
    # repository); `kafka-scenario schema` prints the JSON Schema your editor reads.
    suite: Orders
    description: Orders placed by the shop are billed.
    tags: [orders]

    # Variables for templates: "{{ customer }}". `--var customer=...` overrides them on the command line.
    vars:
      customer: customer_42

    # Created before the scenarios run. Each scenario gets its own copy (<name>.<run id>.<n>), so parallel runs
    # and CI jobs sharing a broker never see each other's messages. `isolate: false` uses the literal name.
    topics:
      - name: orders
        partitions: 3
      - name: invoices

    # A stub service standing in for billing (which may not exist yet): it reads placed orders from `orders`
    # and writes an invoice to `invoices`. Delete it once you test the real service.
    processors:
      - name: billing-stub
        from: orders
        to: invoices
        when: { value: { status: placed } }        # a matcher on the input message
        emit:
          key: "{{ in.key }}"
          value:
            order_id: "{{ in.value.order_id }}"
            amount: "{{ in.value.quantity * in.value.price }}"   # a string that is one template keeps its type

    scenarios:
      - name: a placed order is billed
        tags: [smoke]
        timeout: 15s
        steps:
          - produce:
              topic: orders
              key: "{{ customer }}"
              headers: { source: qa }
              value: { order_id: "{{ uuid() }}", status: placed, quantity: 2, price: 25, placed_at: "{{ now() }}" }
          - expect:
              topic: orders
              within: 5s                 # the deadline; the step ends as soon as the message is found
              messages:
                - key: "{{ customer }}"
                  headers: { source: qa }
                  value:                 # extra keys in the message are fine; $exact forbids them
                    status: placed
                    quantity: { $gte: 1 }
                    placed_at: { $type: number }
              capture: { order: value.order_id }   # usable below as {{ order }}
          - expect:
              topic: invoices
              within: 5s
              messages:
                - key: "{{ customer }}"
                  value: { order_id: "{{ order }}", amount: 50 }

      - name: a cancelled order is not billed
        timeout: 15s
        steps:
          - produce:
              topic: orders
              key: "{{ customer }}"
              value: { order_id: cancelled-1, status: cancelled, quantity: 1, price: 10 }
          - expect_none:                 # passes when nothing arrives for the whole duration
              topic: invoices
              for: 1s

    """#

    static let readme = #"""
    # Kafka scenarios

    Tests of our Kafka flows, written in YAML and run by kafka-scenario. No code: each `.yaml` file in this
    folder is a suite of scenarios.

    | what | command |
    | --- | --- |
    | check every file, no broker needed | `kafka-scenario validate .` |
    | show what a run would do | `kafka-scenario list . --tag smoke` |
    | run on the embedded broker (nothing to install) | `kafka-scenario run .` |
    | run against our cluster | `kafka-scenario run . --bootstrap-servers host:9092` |

    Reports land in `reports/`: `junit.xml` for CI, `report.md` as the results summary (`--lang ko` for Korean),
    `results.json`. Exit codes: 0 all passed, 1 a scenario failed, 2 a file is invalid, 3 the broker could not be
    reached.

    ## Writing scenarios

    - Start from `smoke.yaml` (one scenario) and `orders.yaml` (a suite with topics, vars, a stub service,
      matchers and captures). Comments in them explain each key.
    - Editors: the first line `# yaml-language-server: $schema=./scenario.schema.json` gives completion and red
      squiggles in VS Code (YAML extension by Red Hat), IntelliJ and Neovim. After upgrading kafka-scenario,
      refresh the schema: `kafka-scenario schema > scenario.schema.json`.
    - Every key is described, with an example, in the scenario reference (`docs/scenario-reference.md` in the
      kafka-scenario repository), and the repository's `scenarios/examples/` has one small file per step kind
      and per matcher operator.
    - Prefer `within:` on the step that waits over `sleep`; `validate` warns about sleeps, unused vars and topics,
      and an `expect` without `within`.
    - Tag scenarios (`tags: [smoke]`) and choose with `--tag`, `--skip-tag`, `--filter TEXT`; split a long run
      over CI jobs with `--shard 1/3`, `--shard 2/3`, ...

    CI: see `CI.md`.

    """#

    /// The GitHub Actions workflow CI.md shows; a test runs actionlint and the GitHub workflow schema on it.
    static let githubWorkflow = #"""
    # .github/workflows/kafka-scenarios.yml
    name: kafka scenarios
    on: [push, pull_request]
    permissions:
      contents: read
      checks: write          # the JUnit publisher writes a check run with the annotations
    jobs:
      scenarios:
        runs-on: ubuntu-latest
        container: debian:12   # the .deb is built for Debian 12
        steps:
          - uses: actions/checkout@v7
          - name: Install kafka-scenario
            # KAFKA_SCENARIO_DEB_URL, a repository variable: where your kafka-scenario_VERSION_amd64.deb is
            # (`scripts/package.sh` in the kafka-scenario repository makes it). apt installs what it depends on.
            env:
              DEB_URL: ${{ vars.KAFKA_SCENARIO_DEB_URL }}
            run: |
              apt-get update
              apt-get install -y --no-install-recommends ca-certificates curl
              curl -fsSL -o /tmp/kafka-scenario.deb "$DEB_URL"
              apt-get install -y --no-install-recommends /tmp/kafka-scenario.deb
          - run: kafka-scenario validate scenarios
          # --junit-style rich: each testcase names its scenario file and line, so the publisher below annotates
          # scenarios/<file>.yaml. --ci none: the run itself prints no ::error annotations (they would be doubled).
          - run: kafka-scenario run scenarios --junit-style rich --ci none
          - name: Results summary
            if: ${{ !cancelled() && hashFiles('reports/report.md') != '' }}
            run: cat reports/report.md >> "$GITHUB_STEP_SUMMARY"
          - uses: mikepenz/action-junit-report@v6
            if: ${{ !cancelled() }}
            with:
              report_paths: reports/junit.xml
          - uses: actions/upload-artifact@v7
            if: ${{ !cancelled() }}
            with:
              name: kafka-scenario-reports
              path: reports/

    """#

    static let ci = #"""
    # Running the scenarios in CI

    Install the `.deb` of a kafka-scenario release (made by `scripts/package.sh` in the kafka-scenario
    repository; the Swift runtime is inside the binary): `apt-get install ./kafka-scenario_VERSION_amd64.deb`
    on Debian 12 installs what it needs (librdkafka, libyaml, libavro, libcurl). Or unpack the `.tar.gz`
    archive, put `bin/kafka-scenario` on the PATH and `apt-get install` the packages its `DEPENDS` file names.
    Without `--bootstrap-servers` the scenarios run on an embedded broker inside the process: no service needed.
    The exit code gates the job; the JUnit file feeds the test report. Use `--junit-style rich`: it adds each
    scenario's `file` and `line`, which the CI test reports read to point at the scenario file. The snippets after
    GitHub's expect the `.deb` in the workspace (fetch it in a first step, or keep it in an artifact store).

    ## GitHub Actions

    ```yaml
    \#(githubWorkflow)```

    Annotations come from the publisher (`mikepenz/action-junit-report`), on the scenario file at the scenario's
    line. To have the run's own annotations instead (at the step that failed, with the summary written by the run
    itself): drop `--ci none` and the "Results summary" step, and give the publisher `skip_annotations: true`.
    Never both: each failure would be annotated twice. `EnricoMi/publish-unit-test-result-action@v2` reads the
    same rich file if you prefer it.

    ## GitLab CI

    ```yaml
    # .gitlab-ci.yml
    kafka-scenarios:
      image: debian:12
      before_script:
        - apt-get update && apt-get install -y --no-install-recommends ./kafka-scenario_*_amd64.deb
      script:
        - kafka-scenario validate scenarios
        - kafka-scenario run scenarios --junit-style rich
      artifacts:
        when: always
        paths: [reports/]
        reports:
          junit: reports/junit.xml
    ```

    ## Jenkins

    ```groovy
    // Jenkinsfile (the JUnit plugin)
    pipeline {
      agent { docker { image 'debian:12'; args '-u root' } }
      stages {
        stage('kafka scenarios') {
          steps {
            sh 'apt-get update && apt-get install -y --no-install-recommends ./kafka-scenario_*_amd64.deb'
            sh 'kafka-scenario validate scenarios'
            sh 'kafka-scenario run scenarios'
          }
        }
      }
      post {
        always {
          junit 'reports/junit.xml'
          archiveArtifacts artifacts: 'reports/**', allowEmptyArchive: true
        }
      }
    }
    ```

    Jenkins reads the default (strict) JUnit file.

    ## CircleCI

    ```yaml
    # .circleci/config.yml
    version: 2.1
    jobs:
      kafka-scenarios:
        docker:
          - image: debian:12
        steps:
          - checkout
          - run: apt-get update && apt-get install -y --no-install-recommends ./kafka-scenario_*_amd64.deb
          - run: kafka-scenario validate scenarios
          - run: kafka-scenario run scenarios --junit-style rich
          - store_test_results:
              path: reports/junit.xml
          - store_artifacts:
              path: reports
    workflows:
      scenarios:
        jobs: [kafka-scenarios]
    ```

    ## Azure Pipelines

    ```yaml
    # azure-pipelines.yml
    pool:
      vmImage: ubuntu-latest
    container: debian:12
    steps:
      - script: |
          apt-get update && apt-get install -y --no-install-recommends ./kafka-scenario_*_amd64.deb
        displayName: Install kafka-scenario
      - script: kafka-scenario validate scenarios
        displayName: Validate
      - script: kafka-scenario run scenarios --junit-style rich
        displayName: Run the scenarios
      - task: PublishTestResults@2
        condition: succeededOrFailed()
        inputs:
          testResultsFormat: JUnit
          testResultsFiles: reports/junit.xml
          testRunTitle: kafka scenarios
    ```

    ## pre-commit

    The kafka-scenario repository has a `.pre-commit-hooks.yaml`: add it to `.pre-commit-config.yaml` to run
    `kafka-scenario validate` on the scenario files you commit (kafka-scenario must be on the PATH).

    """#
}
