import ScenarioResults

/// The words of why a step failed (or was skipped), per language. English is the engine's own text
/// (`Failure.message` and `details`, which the console, JUnit and logs use too); other languages word the
/// failure's `reason` when it has one and fall back to that text when it has none (errors of step kinds
/// that record no reason, librdkafka's errors). A new failure kind gets its Korean here.
enum FailureWording {
    static func message(_ failure: Failure, _ language: MarkdownLanguage) -> String {
        guard language == .ko, let reason = failure.reason else { return failure.message }
        return korean(reason)
    }

    /// The details in `language`, with a miss's explanation (MissWording.swift) after them.
    static func details(_ failure: Failure, _ language: MarkdownLanguage) -> String? {
        guard let miss = failure.explanation else { return wordedDetails(failure, language) }
        let explanation = MissWording.text(miss, language)
        guard let details = wordedDetails(failure, language), !details.isEmpty else { return explanation }
        return details + "\n\n" + explanation
    }

    private static func wordedDetails(_ failure: Failure, _ language: MarkdownLanguage) -> String? {
        guard language == .ko, let reason = failure.reason else { return failure.details }
        switch reason {
        case .messagesNotFound(_, _, _, _, _, _, let unmet, let more): return koreanDetails(unmet, more: more)
        case let .groupForming(holding, slowMock, _): return koreanFormation(holding, slowMock: slowMock)
        default: return failure.details
        }
    }

    private static func koreanFormation(_ holding: [[Int]], slowMock: Bool) -> String {
        var lines = holding.enumerated().map { g, members in
            "그룹 \(g + 1): 창이 닫힐 때 멤버 \(members.count)명 중 \(members.filter { $0 > 0 }.count)명이 파티션을 가짐 (멤버별 파티션: \(members.map(String.init).joined(separator: "/")))"
        }
        if slowMock {
            lines.append("그룹이 아직 구성 중이었음: 임베디드 브로커(librdkafka mock cluster) 2.0.2 버전은 그룹의 첫 리밸런스 전에 약 3초를 기다리고, 리더보다 늦게 동기화 요청을 보낸 멤버는 거절되어 다시 참여하므로 3초가 더 걸림. within을 10초 이상으로 하거나 2.3 이상 버전으로 실행하세요")
        }
        return lines.joined(separator: "\n")
    }

    static func korean(_ reason: FailureReason) -> String {
        switch reason {
        case let .messagesNotFound(topic, missing, expected, seen, within, closest, _, _):
            let nearest = closest.isEmpty ? "" : "; 가장 가까운 메시지: " + closest.prefix(2).map(korean).joined(separator: "; ")
                + (closest.count > 2 ? " …" : "")
            return "\(within) 안에 '\(topic)' 토픽에서 기대한 메시지 \(expected)개 중 \(missing)개를 찾지 못함 (메시지 \(seen)개 확인)\(nearest)"
        case let .threshold(metric, topic, group, expected, actual):
            let subject = MetricWording.korean(metric: metric, topic: topic)
            let inGroup = group.map { " (그룹 \($0))" } ?? ""
            return "\(subject)\(inGroup): 기대값 \(expected), 실제값 \(actual)"
        case .all(let reasons): return reasons.map(korean).joined(separator: "; ")
        case let .deliveryTimeout(topic, acknowledged, count, within, unsent):
            let notSent = unsent > 0 ? "; \(unsent)개는 기한 전에 전송되지 않음" : ""
            return "'\(topic)' 토픽으로 보낸 메시지 \(count)개 중 \(within) 안에 전송 확인된 것은 \(acknowledged)개뿐\(notSent)"
        case let .slowAcknowledgement(slowest, within):
            return "가장 느린 전송 확인이 \(slowest) 걸림, 기대값 \(within) 이내"
        case .topicMissing(let topic): return "'\(topic)' 토픽이 존재하지 않음"
        case .topicUnexpected(let topic): return "'\(topic)' 토픽이 존재함 (존재하지 않아야 함)"
        case let .topicConfigDiffers(topic, differences):
            return "'\(topic)' 토픽 설정이 다름: " + differences.map {
                "\($0.key): 기대값 \($0.expected), 실제값 \($0.actual ?? "없음")"
            }.joined(separator: "; ")
        case let .controller(expected, actual):
            return expected ? "클러스터에 컨트롤러가 없음" : "클러스터에 컨트롤러가 있음 (\(actual ?? -1))"
        case let .unexpectedMessage(topic, matching):
            return "'\(topic)' 토픽에 \(matching ? "조건에 맞는 " : "")메시지가 도착함 (도착하지 않아야 함)"
        case .unmatchedMessage: return "기대한 메시지 어느 것과도 맞지 않는 메시지가 도착함 (exact: true)"
        case let .orderBroken(expected, before):
            return "순서 위반: 기대한 메시지 #\(expected)에 맞는 메시지가 #\(before)보다 먼저 도착함"
        case let .groupMissedMessages(group, groups, received, produced, topic, within):
            return "그룹 \(group)/\(groups)이(가) \(within) 안에 '\(topic)' 토픽으로 전송된 메시지 \(produced)개 중 \(received)개만 수신"
        case let .memberCount(member, group, received, expected, perMember):
            return "그룹 \(group)의 멤버 \(member)이(가) 메시지 \(received)개 수신, 기대값 \(expected) (멤버별: "
                + perMember.map(String.init).joined(separator: "/") + ")"
        case let .captureMissing(name, path):
            return "capture '\(name)': 일치한 메시지에 '\(path)' 값이 없음"
        case let .uniqueMissing(path, topic, at):
            return "unique: '\(topic)' 토픽의 \(position(at)) 메시지에 '\(path)' 값이 없음"
        case let .duplicate(path, value, topic, first, second):
            return "unique: \(path) \(value) 값이 '\(topic)' 토픽에서 두 번 나옴 (\(position(first)), \(position(second)))"
        case .noLatency(let topic): return "'\(topic)' 토픽의 지연 시간을 측정하지 못함: 타임스탬프가 있는 메시지가 없음"
        case let .windowDoesNotFit(duration, remaining):
            return "expect_none \(duration)이(가) 시나리오의 남은 시간(\(remaining)) 안에 들어가지 않음: `for:`를 줄이거나 시나리오의 `timeout:`을 늘리세요"
        case let .regexOverBudget(pattern, budget):
            return "$regex /\(pattern)/ 검색이 한 메시지에서 \(budget) 안에 끝나지 않아 판정할 수 없음: 중첩된 반복을 없애는 등 식을 단순하게 하세요"
        case let .windowCutShort(window, available):
            return "창 \(window) 전체를 기다려야 판정할 수 있는데 시나리오 시간이 \(available)만 남아 창이 잘림: `timeout`을 늘리거나 창을 줄이세요"
        case let .windowInterrupted(window, after, why):
            return "중단됨: \(why), \(after) 지남; 창 \(window) 전체를 기다려야만 판정할 수 있음"
        case .captureWithoutMessage(let name):
            return "capture '\(name)': 받은 메시지가 없어 캡처할 수 없음"
        case .nothingProducedBefore(let topic):
            return "per_group: all에는 이 시나리오에서 앞서 '\(topic)' 토픽으로 전송한 메시지가 필요함"
        case .unreadableValueFile(let path): return "value_file '\(path)'을(를) 읽을 수 없음"
        case .expectedErrorMissing(let expected):
            return (expected.map { "\($0) 오류" } ?? "오류") + "를 기대했지만 단계가 성공함"
        case let .wrongError(expected, actual, message):
            return "\(expected) 오류를 기대했지만 \(actual) 오류 발생: \(message)"
        case .unexpectedPass(let reason): return "실패해야 하지만 (\(reason)) 성공함"
        case .embeddedCannot(let limit):
            switch limit {
            case .replication:
                return "임베디드 브로커(librdkafka mock cluster)는 요청과 관계없이 모든 파티션에 min(3, 브로커 수)개의 복제본을 둠; 복제 인수는 실제 브로커에서 확인하세요"
            case .describeConfigs:
                return "임베디드 브로커(librdkafka mock cluster)는 DescribeConfigs에 응답하지 않음; 토픽 설정은 실제 브로커에서 확인하세요"
            case .deleteTopics:
                return "임베디드 브로커(librdkafka mock cluster)는 DeleteTopics에 응답하지 않음"
            case .controller:
                return "임베디드 브로커(librdkafka mock cluster)가 알리는 컨트롤러는 자신의 브로커가 아님 (2.0.2 버전); 컨트롤러는 실제 브로커나 더 새로운 버전에서 확인하세요"
            }
        case .filteredByTags(let tags): return "필터로 제외됨: 태그 \(tags.joined(separator: ", ")) 중 어느 것도 없음"
        case .filteredBySkipTag(let tag): return "필터로 제외됨: \(tag) 태그가 있음"
        case .filteredByName(let filter): return "필터로 제외됨: 이름에 '\(filter)'이(가) 없음"
        case .stoppedByFailFast: return "실행되지 않음: --fail-fast로 실행이 중단됨"
        case .interrupted(let why): return "실행되지 않음: \(why)"
        case .faultNeedsEmbedded(let servers):
            return "fault 단계는 임베디드 브로커가 필요함; 이번 실행은 \(servers) 사용"
        case let .processorFailed(processor, problem):
            return "'\(processor)' 처리기 실패: \(problem)"
        case let .lostWhileReading(embedded, servers, topic, detail):
            let broker = embedded ? "임베디드 브로커(\(servers))" : "\(servers) 브로커"
            return "'\(topic)' 토픽을 읽는 동안 \(broker)가 응답을 멈춤 (\(detail)): 읽은 내용을 신뢰할 수 없음"
        case let .notRunBrokerLost(servers, detail):
            return "실행되지 않음: \(servers) 브로커가 응답을 멈춤 (\(detail))"
        case let .groupForming(_, _, then):
            return then.map(korean) ?? "컨슈머 그룹이 받은 메시지가 부족함"
        case let .brokerStoppedAnswering(servers, detail, then, thenMessage):
            return "\(servers) 브로커가 응답을 멈춤 (\(detail)); " + (then.map(korean) ?? thenMessage)
        case let .wrongSchema(schema, expectedID, writtenID, topic, at):
            let written = writtenID.map { "스키마 id \($0)" } ?? "스키마 없이(프레임 없음)"
            return "'\(topic)' 토픽의 \(position(at)) 메시지가 \(written)로 기록됨: 기대한 스키마는 '\(schema)' (id \(expectedID))"
        case let .wrongMessage(schema, id, expected, written, topic, at):
            return "'\(topic)' 토픽의 \(position(at)) 메시지가 스키마 id \(id)의 메시지 \(written)(으)로 기록됨: 기대한 스키마는 '\(schema)' (메시지 \(expected))"
        case let .schemaMisfit(role, schema, problem):
            return "\(role == "key" ? "키" : "값")이(가) \(role)_schema '\(schema)'에 맞지 않음: \(problem)"
        case .settleGroupUnknown(let group):
            return "settle: 컨슈머 그룹 '\(group)'이(가) 존재하지 않음"
        case .settleNeedsServiceGroup(let services):
            return services.isEmpty ? "settle: service: ready.group을 지정한 서비스가 없음"
                : "settle: service: 여러 서비스가 ready.group을 지정함 (\(services.joined(separator: ", "))); settle: { group: … }으로 지정"
        case let .serviceFailedOnStop(service, exitCode, signal):
            let how = exitCode.map { "종료 코드 \($0)" } ?? signal.map { "신호 \($0)" } ?? "알 수 없는 상태"
            return "서비스 '\(service)'이(가) 중지될 때 \(how)(으)로 끝남: 종료 중의 충돌은 서비스의 결함"
        }
    }

    private static func position(_ at: MessagePosition) -> String { "파티션 \(at.partition) 오프셋 \(at.offset)" }

    /// `value.data.bet_amount: 기대값 >= 100, 실제값 50`: the matcher's text stays as it is.
    static func korean(_ difference: Difference) -> String {
        "\(difference.path): 기대값 \(difference.expected), 실제값 \(difference.actual)"
    }

    private static func koreanDetails(_ unmet: [UnmetMessage], more: Int) -> String {
        var lines: [String] = []
        for message in unmet {
            lines.append("기대한 메시지 #\(message.index) (\(message.line)행)을(를) 찾지 못함.")
            if let closest = message.closest {
                lines.append("  가장 가까운 메시지:")
                lines += closest.split(separator: "\n").map { "    " + $0 }
                lines.append("  차이:")
                lines += message.differences.map { "    " + korean($0) }
            } else {
                lines.append("  토픽에서 메시지를 하나도 보지 못함.")
            }
        }
        if more > 0 { lines.append("… 찾지 못한 기대 메시지 \(more)개 더.") }
        return lines.joined(separator: "\n")
    }
}

/// Metric labels per language: English is the engine's label; Korean is worded from the metric's name.
enum MetricWording {
    static func label(_ metric: Metric, _ language: MarkdownLanguage) -> String {
        guard language == .ko else { return metric.label }
        return korean(metric: metric.name, topic: metric.topic ?? parenthesized(metric.label), fallback: metric.label)
    }

    static func korean(metric name: String, topic: String?, fallback: String? = nil) -> String {
        let parts = name.split(separator: ".").map(String.init)
        let word: String?
        switch name {
        case "cluster.brokers": word = "브로커 수"
        case "cluster.connect_time": word = "연결 시간"
        case "consumer_group.duplicates": word = "그룹 내 중복 메시지 수"
        case "consumer_group.per_group": word = "그룹당 메시지 수"
        case "expect.count": word = "수신 메시지 수"
        case "expect.throughput", "load.consume_throughput": word = "소비 처리량"
        case "expect.time": word = "수신 시간"
        case "produce.ack_time": word = "가장 느린 전송 확인"
        case "produce.acknowledged": word = "전송 성공률"
        case "produce.throughput", "load.produce_throughput": word = "전송 처리량"
        case "topic.partitions": word = "파티션 수"
        case "topic.replication_factor": word = "복제 인수"
        case "load.lost": word = "유실 메시지 수"
        case "load.duplicates": word = "중복 메시지 수"
        default:
            // expect.latency.p95, load.latency.max: the percentile keeps its name.
            word = parts.count == 3 && parts[1] == "latency" ? "\(parts[2]) 지연 시간" : nil
        }
        guard let word else { return fallback ?? name }
        return word + (topic.map { " (\($0))" } ?? "")
    }

    /// The topic in "time to receive (orders)".
    private static func parenthesized(_ label: String) -> String? {
        guard let open = label.firstIndex(of: "("), let close = label[open...].firstIndex(of: ")") else { return nil }
        return String(label[label.index(after: open)..<close])
    }
}
