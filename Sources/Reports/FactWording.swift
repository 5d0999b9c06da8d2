import ScenarioResults

/// The words of what a step verified, per language. A new fact kind gets its English and its Korean here.
enum FactWording {
    static func words(_ fact: Fact, _ language: MarkdownLanguage) -> String {
        switch language {
        case .en: return english(fact)
        case .ko: return korean(fact)
        }
    }

    static func english(_ fact: Fact) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch fact {
        case .text(let sentence): return sentence
        case let .connected(brokers, controller, clusterID):
            return "connected to \(plural(brokers, "broker"))" + (controller.map { ", controller \($0)" } ?? "")
                + (clusterID.map { ", cluster id \($0)" } ?? "")
        case let .topicExists(topic, partitions, config):
            return "topic \(topic): \(plural(partitions, "partition"))"
                + (config.isEmpty ? "" : ", config " + config.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        case .topicAbsent(let topic): return "topic \(topic) does not exist"
        case .topicsCreated(let topics): return "created \(plural(topics.count, "topic")): " + topics.joined(separator: ", ")
        case .topicsDeleted(let topics): return "deleted \(plural(topics.count, "topic")): " + topics.joined(separator: ", ")
        case let .produced(topic, count):
            return count == 1 ? "1 message produced to \(topic)" : "\(count) messages produced to \(topic), 100% acknowledged"
        case let .received(topic, expected):
            return expected == 1 ? "expected message received from \(topic)" : "\(expected) expected messages received from \(topic)"
        case let .receivedCount(topic, count): return "\(plural(count, "message")) received from \(topic)"
        case let .nothingArrived(topic, matching, duration):
            return "no \(matching ? "matching " : "")message on \(topic) for \(duration)"
        case let .groupsReceived(topic, groups, members):
            let spread = members > 1 ? ", spread over \(members) members each" : ""
            return groups > 1 ? "each of \(groups) consumer groups received every message of \(topic)\(spread)"
                : "consumer group received the messages of \(topic)\(spread)"
        case .errorAsExpected(let name): return "error \(name) reported as expected"
        case let .flow(from, processor, to, count):
            return "flow \(from) → \(processor) → \(to): \(plural(count, "message")) transformed"
        case let .faultInjected(fault, duration):
            let what: String
            switch fault {
            case .brokerDown(let broker): what = "broker \(broker) down"
            case .brokerUp(let broker): what = "broker \(broker) up"
            case let .roundTrip(broker, delay): what = "broker \(broker) round-trip time +\(delay)"
            case let .requestErrors(api, errors): what = "\(api) requests fail with \(errors.joined(separator: ", "))"
            }
            return "fault injected: \(what)" + (duration.map { " for \($0)" } ?? "")
        case let .loadReadBack(topic, produced, received, lost, duplicates):
            return "\(produced) messages produced to \(topic) and read back: \(received) received, \(lost) lost, \(duplicates) duplicates"
        case let .loadShareSent(topic, shard, count, messages):
            return "shard \(shard) sent its share of the load on \(topic): \(count) of \(messages) messages (its thresholds are judged when the shards are merged)"
        case let .loadMerged(topic, shards, messages):
            return "load of \(messages) messages on \(topic) merged from \(shards) shards: counts added, latency percentiles from the merged histogram, thresholds judged on the merged figures"
        case let .httpAnswered(request, status): return "\(request) answered \(status)"
        case let .commandEnded(command, exitCode, signal):
            return "command \"\(command)\" " + (exitCode.map { "exited with \($0)" } ?? "was ended by signal \(signal ?? 0)")
        case let .settled(group, afterMs):
            return "settled after \(afterMs) ms: group \(group) caught up"
        case let .notSettled(group, neverCommitted, behind):
            return "not settled: " + (neverCommitted ? "group \(group) never committed" : "group \(group) behind on " + behind.joined(separator: ", "))
                + "; waited the whole window"
        case let .otherScenarioMessagesIgnored(topic, scenario, attempt, count):
            return "\(count) message\(count == 1 ? "" : "s") of scenario '\(scenario)'\(attempt > 1 ? " (attempt \(attempt))" : "") ignored on \(topic)"
        }
    }

    static func korean(_ fact: Fact) -> String {
        switch fact {
        case .text(let sentence): return sentence
        case let .connected(brokers, controller, clusterID):
            return "브로커 \(brokers)개에 연결" + (controller.map { ", 컨트롤러 \($0)" } ?? "")
                + (clusterID.map { ", 클러스터 ID \($0)" } ?? "")
        case let .topicExists(topic, partitions, config):
            return "\(topic) 토픽: 파티션 \(partitions)개"
                + (config.isEmpty ? "" : ", 설정 " + config.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        case .topicAbsent(let topic): return "\(topic) 토픽이 존재하지 않음"
        case .topicsCreated(let topics): return "토픽 \(topics.count)개 생성: " + topics.joined(separator: ", ")
        case .topicsDeleted(let topics): return "토픽 \(topics.count)개 삭제: " + topics.joined(separator: ", ")
        case let .produced(topic, count):
            return count == 1 ? "\(topic) 토픽으로 메시지 1개 전송" : "\(topic) 토픽으로 메시지 \(count)개 전송, 100% 전송 확인"
        case let .received(topic, expected):
            return expected == 1 ? "\(topic) 토픽에서 기대한 메시지 수신" : "\(topic) 토픽에서 기대한 메시지 \(expected)개 수신"
        case let .receivedCount(topic, count): return "\(topic) 토픽에서 메시지 \(count)개 수신"
        case let .nothingArrived(topic, matching, duration):
            return "\(duration) 동안 \(topic) 토픽에 \(matching ? "조건에 맞는 " : "")메시지 없음"
        case let .groupsReceived(topic, groups, members):
            let spread = members > 1 ? ", 그룹마다 멤버 \(members)개에 분산" : ""
            return groups > 1 ? "컨슈머 그룹 \(groups)개가 각각 \(topic) 토픽의 모든 메시지 수신\(spread)"
                : "컨슈머 그룹이 \(topic) 토픽의 메시지 수신\(spread)"
        case .errorAsExpected(let name): return "예상대로 \(name) 오류 발생"
        case let .flow(from, processor, to, count):
            return "플로우 \(from) → \(processor) → \(to): 메시지 \(count)개 변환"
        case let .faultInjected(fault, duration):
            let what: String
            switch fault {
            case .brokerDown(let broker): what = "브로커 \(broker) 중단"
            case .brokerUp(let broker): what = "브로커 \(broker) 복구"
            case let .roundTrip(broker, delay): what = "브로커 \(broker) 왕복 지연 +\(delay)"
            case let .requestErrors(api, errors): what = "\(api) 요청이 \(errors.joined(separator: ", ")) 오류로 실패"
            }
            return "장애 주입: \(what)" + (duration.map { " (\($0) 동안)" } ?? "")
        case let .loadReadBack(topic, produced, received, lost, duplicates):
            return "\(topic) 토픽으로 메시지 \(produced)개 전송 후 다시 읽음: 수신 \(received)개, 유실 \(lost)개, 중복 \(duplicates)개"
        case let .loadShareSent(topic, shard, count, messages):
            return "샤드 \(shard)가 \(topic) 토픽 부하의 제 몫을 전송함: 메시지 \(messages)개 중 \(count)개 (임계값은 샤드를 병합할 때 판정)"
        case let .loadMerged(topic, shards, messages):
            return "\(topic) 토픽의 메시지 \(messages)개 부하를 샤드 \(shards)개에서 병합함: 건수는 합산, 지연 백분위수는 병합된 히스토그램에서, 임계값은 병합된 수치로 판정"
        case let .httpAnswered(request, status): return "\(request) 요청에 \(status) 응답"
        case let .commandEnded(command, exitCode, signal):
            return "명령 \"\(command)\" " + (exitCode.map { "종료 코드 \($0)" } ?? "시그널 \(signal ?? 0)로 종료")
        case let .settled(group, afterMs):
            return "\(afterMs) ms 만에 정착: \(group) 그룹이 따라잡음"
        case let .notSettled(group, neverCommitted, behind):
            return "정착하지 못함: " + (neverCommitted ? "\(group) 그룹이 커밋하지 않음" : "\(group) 그룹이 뒤처짐 (" + behind.joined(separator: ", ") + ")")
                + "; 창 전체를 기다림"
        case let .otherScenarioMessagesIgnored(topic, scenario, attempt, count):
            return "\(topic) 토픽에서 '\(scenario)' 시나리오\(attempt > 1 ? "(\(attempt)번째 시도)" : "")의 메시지 \(count)개 무시"
        }
    }
}
