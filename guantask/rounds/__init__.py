"""The weekly round (报送): open a round for a period and send every lead unit its sheet, collect
the returned sheets, see who has returned on time, late or not at all.

`periods` names the periods, `opening` opens a round and writes its sheets, `collect` reads
returns back, `standing` says where a round stands. Plain Python, today passed in; SQL in
`guantask.store.rounds`.
"""
