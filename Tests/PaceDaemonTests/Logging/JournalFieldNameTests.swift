import PaceDaemon
import Testing

@Suite struct JournalFieldNameTests {
    @Test(arguments: [
        ("budgetLeft", "PACE_BUDGET_LEFT"), ("config_file", "PACE_CONFIG_FILE"), ("pace.event", "PACE_EVENT"),
        ("PACE_EVENT", "PACE_EVENT"), ("PACE_budget", "PACE_BUDGET"), ("x-request id", "PACE_X_REQUEST_ID"),
        ("MESSAGE", "PACE_MESSAGE"), ("PRIORITY", "PACE_PRIORITY"), ("_PID", "PACE_PID"), ("__weird__", "PACE_WEIRD"),
        ("Grüße", "PACE_GR_E"), ("1st", "PACE_1ST"), ("", "PACE_UNNAMED"), ("🙂", "PACE_UNNAMED"),
        ("bout2Minutes", "PACE_BOUT2_MINUTES"), ("HTTPStatus", "PACE_HTTPSTATUS"),
    ])
    func metadataKeysBecomeValidPaceFields(key: String, field: String) {
        #expect(JournalFieldName.forMetadataKey(key) == field)
        #expect(JournalFieldName.isValid(field))
    }

    @Test func longKeysAreCutToJournaldsLimit() {
        let field = JournalFieldName.forMetadataKey(String(repeating: "a", count: 100))
        #expect(field.count == 64)
        #expect(field.hasPrefix("PACE_AAAA"))
        #expect(JournalFieldName.isValid(field))
    }

    @Test func validityFollowsJournaldsRules() {
        for valid in ["MESSAGE", "PACE_X", "A1", String(repeating: "A", count: 64)] {
            #expect(JournalFieldName.isValid(valid), "\(valid)")
        }
        for invalid in ["", "_PID", "1ST", "lower", "PACE-X", "PACE X", String(repeating: "A", count: 65)] {
            #expect(!JournalFieldName.isValid(invalid), "\(invalid)")
        }
    }
}
