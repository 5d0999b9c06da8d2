print("kafka-scenario")
